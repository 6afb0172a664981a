// Throttles an AI node's live text to at most one event per 50 ms per node execution (≤ 20/s): the first chunk
// goes out at once, later ones coalesce and the latest text goes out when the window ends.
import type { NodeExec } from "../engine/node-exec";

export const TEXT_STREAM_INTERVAL_MS = 50;

export class TextStreamThrottle {
  private readonly state = new Map<string, { last: number; pending?: string; timer?: unknown }>();

  /** `now` and `later` are the clock and the timer (a test's own, not the isolate's global fake timers). */
  constructor(
    private readonly send: (exec: NodeExec, text: string) => void,
    private readonly intervalMs = TEXT_STREAM_INTERVAL_MS,
    private readonly now: () => number = Date.now,
    private readonly later: (fn: () => void, ms: number) => unknown = setTimeout,
  ) {}

  push(exec: NodeExec, text: string): void {
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
      },
      Math.max(0, wait),
    );
  }
}
