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
 * Bars ordered by start. Running executions extend to `now`; executions that never started are left out.
 * @example timeline(execs, (id) => names[id] ?? id, Date.now())
 */
export function timeline(execs: Iterable<NodeExecution>, labelOf: (nodeId: string) => string, now: number): Timeline {
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
    .sort((a, b) => a.start - b.start || a.e.nodeExecId.localeCompare(b.e.nodeExecId))
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
