// The run page's Gantt chart: one bar per node execution, placed on a shared time axis.
import type { NodeExecution } from "../api/schemas";

export type TimelineBar = {
  nodeExecId: string;
  nodeId: string;
  label: string;
  status: string;
  /** Offsets from the run's first timestamp, in ms. */
  start: number;
  duration: number;
  /** Left and width as percentages of the axis, for CSS. */
  left: number;
  width: number;
};

export type Timeline = { bars: TimelineBar[]; totalMs: number };

/**
 * Bars ordered by start, ties (timestamps are whole milliseconds) in graph order (`orderOf`, the node's index).
 * Running executions extend to `now`; executions that never started are left out.
 * @example timeline(execs, (id) => names[id] ?? id, Date.now(), (id) => ids.indexOf(id))
 */
export function timeline(
  execs: Iterable<NodeExecution>,
  labelOf: (nodeId: string) => string,
  now: number,
  orderOf: (nodeId: string) => number = () => 0,
): Timeline {
  const started = [...execs].filter((e) => e.startedAt !== undefined);
  if (started.length === 0) return { bars: [], totalMs: 0 };
  const origin = Math.min(...started.map((e) => e.startedAt!));
  const spans = started.map((e) => {
    const start = e.startedAt! - origin;
    const end = (e.endedAt ?? now) - origin;
    return { e, start, duration: Math.max(0, end - start) };
  });
  const totalMs = Math.max(1, ...spans.map((s) => s.start + s.duration));
  const bars = spans
    .sort(
      (a, b) =>
        a.start - b.start ||
        orderOf(a.e.nodeId) - orderOf(b.e.nodeId) ||
        (a.e.queuedAt ?? 0) - (b.e.queuedAt ?? 0) ||
        a.e.nodeExecId.localeCompare(b.e.nodeExecId),
    )
    .map(({ e, start, duration }) => ({
      nodeExecId: e.nodeExecId,
      nodeId: e.nodeId,
      label: labelOf(e.nodeId),
      status: e.status,
      start,
      duration,
      left: (start / totalMs) * 100,
      // A minimum width keeps instant nodes visible and clickable.
      width: Math.max(0.5, (duration / totalMs) * 100),
    }));
  return { bars, totalMs };
}

/** "1.2 s", "350 ms", "2 min 5 s" */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Axis ticks at round steps (1, 2 or 5 × a power of ten, never below 1 ms), so no two ticks read the same.
 * @example axisTicks(2) // [{ ms: 0, f: 0 }, { ms: 1, f: 0.5 }, { ms: 2, f: 1 }]
 */
export function axisTicks(totalMs: number, wanted = 4): { ms: number; f: number }[] {
  const total = Math.max(1, totalMs);
  const rough = total / wanted;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const ticks: { ms: number; f: number }[] = [];
  for (let ms = 0; ms <= total + 1e-9; ms += step) ticks.push({ ms, f: ms / total });
  return ticks;
}
