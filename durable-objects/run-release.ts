// A finished run's object lets go of itself once nothing needs it in memory. The runtime shuts an idle object down
// after 10 s but keeps its container — the object's open SQLite database and bookkeeping, ~80 KB locally — for
// another 70–140 s, so at 100 runs/s the local runtime carried every run of the last two minutes: RSS grew with the
// number of runs, and the freed pages were not given back (issue 15, defect 7). `ctx.abort()` drops the container
// at once. The run stays on disk; the next call (a GET of the run, a rerun) opens it again.
//
// Released only when that loses nothing: the run is final, its index row is written, its parent heard of it, no
// socket is open, no RPC is in the object, no background work (event delivery, run-end notice, parent report) is
// pending, and nothing touched it for RUN_RELEASE_AFTER_MS (default RELEASE_AFTER_MS).

import { DEFAULT_RELEASE_AFTER_MS } from "./run-limits";

/**
 * How long a finished run's object stays in memory after its last call. Short: under load every run's object would
 * otherwise be resident at once for this long (3 s gave 353 open run databases at ~40 runs/s, 250 ms gives 83;
 * README "Memory over many runs"). A read arriving later opens the object again from its SQLite file.
 * `RUN_RELEASE_AFTER_MS` overrides it (run-limits.ts).
 */
export const RELEASE_AFTER_MS = DEFAULT_RELEASE_AFTER_MS;
/** The reason a released object's late callers see; stubs.ts retries such a call once (it never ran). */
export const RELEASED = "run object released (finished run)";

const background = new WeakMap<DurableObjectState, Set<Promise<unknown>>>();

/** `ctx.waitUntil(work)`, and the object is not released before `work` settles. */
export function keepAlive(ctx: DurableObjectState, work: Promise<unknown>): void {
  const set = background.get(ctx) ?? new Set<Promise<unknown>>();
  background.set(ctx, set);
  const tracked: Promise<unknown> = work.then(
    () => set.delete(tracked),
    () => set.delete(tracked),
  );
  set.add(tracked);
  ctx.waitUntil(work);
}

export class RunRelease {
  private calls = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `releasable`: the run's own conditions (final, index written, parent told, no socket, nothing waiting).
   * `afterMs`: how long after the last call it looks (read each time: the object's env).
   */
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly releasable: () => boolean,
    private readonly afterMs: () => number = () => RELEASE_AFTER_MS,
  ) {}

  /** An RPC entered the object: no release while it is inside. */
  enter(): void {
    this.calls++;
    this.cancel();
  }

  exit(): void {
    this.calls--;
    this.schedule();
  }

  /** Looks again `afterMs` from now (after a call, or when the run ended). */
  schedule(): void {
    if (this.calls > 0) return;
    this.cancel();
    this.timer = setTimeout(() => this.due(), this.afterMs());
  }

  private cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private due(): void {
    this.timer = undefined;
    if (this.calls > 0 || !this.releasable()) return;
    // Background work still going: look again later (it ends by itself; retries are bounded).
    if ((background.get(this.ctx)?.size ?? 0) > 0) {
      this.schedule();
      return;
    }
    try {
      this.ctx.abort(RELEASED);
    } catch {
      // abort() may throw into its caller; this timer is its only caller.
    }
  }
}

/** Counts each call of `methods` on `proto` as one RPC inside the object (see RunRelease.enter). */
export function countCalls<T extends { release: RunRelease }>(proto: T, methods: readonly (keyof T & string)[]): void {
  for (const name of methods) {
    const original = proto[name] as unknown as (this: T, ...args: unknown[]) => unknown;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: async function (this: T, ...args: unknown[]) {
        this.release.enter();
        try {
          return await original.apply(this, args);
        } finally {
          this.release.exit();
        }
      },
    });
  }
}

/** Whether `err` is a released object refusing a call that never ran in it. */
const wasReleased = (err: unknown) => err instanceof Error && err.message.includes(RELEASED);

/** `call()`, once more if it reached a run object as it released itself (the call never ran there). */
export async function retryReleased<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!wasReleased(err)) throw err;
    return await call();
  }
}
