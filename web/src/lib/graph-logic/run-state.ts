// A run as the live view sees it: node executions merged from the REST snapshot and WebSocket events
// (events may arrive out of order or repeat), summarised per node and as progress.
import type { NodeExecution, Usage } from "../api/schemas";
import type { NodeRunView } from "./flow-types";

export const TERMINAL_STATUSES = new Set(["COMPLETED", "FAILED", "TERMINATED"]);
export const isTerminal = (status: string): boolean => TERMINAL_STATUSES.has(status);

/** Lifecycle order, so a late "RUNNING" event never overwrites a "COMPLETED" we already have. */
const RANK: Record<string, number> = { INCOMPLETE: 0, QUEUED: 1, RUNNING: 2, REVIEW: 3 };
const rank = (status: string) => (isTerminal(status) ? 4 : (RANK[status] ?? 0));

export type RunExecutions = ReadonlyMap<string, NodeExecution>;

/** Merge one node execution into the run; returns a new map (for reactive stores). */
export function mergeNodeExecution(execs: RunExecutions, incoming: NodeExecution): Map<string, NodeExecution> {
  const next = new Map(execs);
  const known = execs.get(incoming.nodeExecId);
  if (!known || rank(incoming.status) >= rank(known.status)) {
    next.set(incoming.nodeExecId, {
      ...known,
      ...incoming,
      startedAt: incoming.startedAt ?? known?.startedAt,
      queuedAt: incoming.queuedAt ?? known?.queuedAt,
      endedAt: incoming.endedAt ?? known?.endedAt,
    });
  }
  return next;
}

/** What each node shows: the status of its latest execution, how many ran, its latest output or error. */
export function nodeViews(execs: RunExecutions): Map<string, NodeRunView> {
  const byNode = new Map<string, NodeExecution[]>();
  for (const e of execs.values()) byNode.set(e.nodeId, [...(byNode.get(e.nodeId) ?? []), e]);
  const views = new Map<string, NodeRunView>();
  for (const [nodeId, list] of byNode) {
    const ordered = [...list].sort((a, b) => (a.queuedAt ?? a.startedAt ?? 0) - (b.queuedAt ?? b.startedAt ?? 0));
    const latest = ordered.at(-1)!;
    const withOutput = [...ordered].reverse().find((e) => Object.keys(e.output).length > 0);
    const failed = [...ordered].reverse().find((e) => e.status === "FAILED");
    const error =
      latest.error ?? errorText(latest.output) ?? (failed ? (failed.error ?? errorText(failed.output)) : undefined);
    const usage = sumUsage(ordered.map((e) => e.usage));
    views.set(nodeId, {
      status: latest.status,
      executions: ordered.length,
      ...(withOutput ? { output: withOutput.output } : {}),
      ...(error ? { error } : {}),
      ...(usage ? { usage } : {}),
      ...(latest.status === "RUNNING" && latest.liveText !== undefined ? { liveText: latest.liveText } : {}),
    });
  }
  return views;
}

/** Tokens and cost added up (undefined when none of them called a model). */
export function sumUsage(list: readonly (Usage | undefined)[]): Usage | undefined {
  let sum: Usage | undefined;
  for (const u of list) {
    if (!u) continue;
    sum = {
      inputTokens: (sum?.inputTokens ?? 0) + u.inputTokens,
      outputTokens: (sum?.outputTokens ?? 0) + u.outputTokens,
      costCents: (sum?.costCents ?? 0) + u.costCents,
      ...(u.model ? { model: u.model } : sum?.model ? { model: sum.model } : {}),
    };
  }
  return sum;
}

/** "1,234 tokens (1,000 in · 234 out) · $0.0123" for people; "" when no model was called. */
export function usageLabel(u: Usage | undefined): string {
  if (!u) return "";
  const n = (x: number) => x.toLocaleString("en-US");
  const dollars = u.costCents / 100;
  const cost = dollars === 0 ? "$0" : dollars < 0.01 ? `$${dollars.toPrecision(2)}` : `$${dollars.toFixed(4)}`;
  return `${n(u.inputTokens + u.outputTokens)} tokens (${n(u.inputTokens)} in · ${n(u.outputTokens)} out) · ${cost}`;
}

/** An AI node's live text merged into its execution (ignored once the execution has ended). */
export function mergeLiveText(execs: RunExecutions, nodeExecId: string, text: string): RunExecutions {
  const known = execs.get(nodeExecId);
  if (known?.status !== "RUNNING") return execs;
  const next = new Map(execs);
  next.set(nodeExecId, { ...known, liveText: text });
  return next;
}

function errorText(output: Record<string, unknown>): string | undefined {
  const e = output.error;
  if (e === undefined || e === null) return undefined;
  const first = Array.isArray(e) ? e[0] : e;
  return typeof first === "string" ? first : JSON.stringify(first);
}

/** "nodes done of nodes seen": executions in a terminal state over all executions seen so far. */
export function progress(execs: RunExecutions): { done: number; seen: number; failed: number } {
  let done = 0;
  let failed = 0;
  for (const e of execs.values()) {
    if (isTerminal(e.status)) done++;
    if (e.status === "FAILED") failed++;
  }
  return { done, seen: execs.size, failed };
}

const REF_KEY = "$agentflare_ref";

/** KB or MB of a stored value's JSON. */
const sizeLabel = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * A value with every large-value reference (an output over MAX_INLINE_VALUE_BYTES, kept in R2 and shown in run
 * views as `{"$agentflare_ref": "runs/<user>/<run>/values/….json", size}`) replaced by a short note of its size:
 * the storage key means nothing to a person.
 */
export function withRefsShown(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withRefsShown);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record[REF_KEY] === "string") {
    const size = typeof record.size === "number" ? `${sizeLabel(record.size)} ` : "";
    return `[${size}value, too large to show here]`;
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, withRefsShown(v)]));
}

/** A short, single-line preview of a pin value for a node card. */
export function previewValue(value: unknown, max = 120): string {
  const shown = withRefsShown(value);
  const single = Array.isArray(shown) && shown.length === 1 ? shown[0] : shown;
  const text = typeof single === "string" ? single : JSON.stringify(single);
  const flat = (text ?? "").replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** mm:ss (or h:mm:ss) for elapsed time. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
