// Throttles an AI node's live text to at most one event per 50 ms per node execution (≤ 20/s): the first chunk
// goes out at once, later ones coalesce and the latest text goes out when the window ends.
import type { NodeExec } from "../engine/node-exec";

export const TEXT_STREAM_INTERVAL_MS = 50;

type Entry<T> = { last: number; pending?: T; timer?: unknown; flushed?: (() => void)[] };

/** `T`: the text, or what gives it when it is sent (work done only for the ≤ 20 texts a second that go out). */
export class TextStreamThrottle<T = string> {
  private readonly state = new Map<string, Entry<T>>();

  /** `now` and `later` are the clock and the timer (a test's own, not the isolate's global fake timers). */
  constructor(
    private readonly send: (exec: NodeExec, text: T) => void,
    private readonly intervalMs = TEXT_STREAM_INTERVAL_MS,
    private readonly now: () => number = Date.now,
    private readonly later: (fn: () => void, ms: number) => unknown = setTimeout,
  ) {}

  push(exec: NodeExec, text: T): void {
    let s = this.state.get(exec.id);
    if (!s) {
      s = { last: Number.NEGATIVE_INFINITY };
      this.state.set(exec.id, s);
    }
    const entry = s;
    const wait = entry.last + this.intervalMs - this.now();
    if (wait <= 0 && entry.timer === undefined) {
      entry.last = this.now();
      this.send(exec, text);
      return;
    }
    entry.pending = text;
    entry.timer ??= this.later(
      () => {
        entry.timer = undefined;
        const latest = entry.pending;
        entry.pending = undefined;
        entry.last = this.now();
        if (latest !== undefined) this.send(exec, latest);
        if (exec.status !== "RUNNING") this.state.delete(exec.id);
        for (const done of entry.flushed?.splice(0) ?? []) done();
      },
      Math.max(0, wait),
    );
  }

  /**
   * Resolves once the text held back for `exec` has gone out (at once when none is), at the end of its window so
   * the rate holds: awaited before the node's completion event, the last frame is the whole text.
   */
  flush(exec: NodeExec): Promise<void> {
    const entry = this.state.get(exec.id);
    if (entry?.timer === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      entry.flushed ??= [];
      entry.flushed.push(resolve);
    });
  }
}
