// Run-level rules, as pure functions of plain state and an injected clock: when a run ends and with which status,
// the loop guard, the run timeout, stall detection, a node's timeout and retry policy, and what becomes of an
// execution that was RUNNING when the run's object restarted. The run's Durable Object (graph-run.ts) applies
// them; it keeps only the I/O (storage, alarms, sockets, RPC, launching blocks).
import { type ExecutionStatus, transition } from "./status";

/** How often the watchdog alarm looks at a running run. */
export const WATCHDOG_TICK_MS = 30_000;
/** How long a run may finish before its start is announced (event and D1 index row). */
export const START_ANNOUNCE_DELAY_MS = 50;
/** Per-node timeout when neither the block nor the node sets one. */
export const DEFAULT_NODE_TIMEOUT_MS = 5 * 60 * 1000;

/** A run's status change, through the transition table (never by assignment). */
export const runTransition = (from: ExecutionStatus, to: ExecutionStatus, executionId: string): ExecutionStatus =>
  transition(from, to, `run ${executionId}`);

/**
 * A run with nothing in flight, nothing just started and nothing queued ends: paused in REVIEW while a node waits
 * for a reviewer, else COMPLETED. Null while it has work. (`inReview` is asked only for a quiet run.)
 */
export function quietRunStatus(state: {
  inFlight: number;
  started: number;
  queued: number;
  inReview: () => boolean;
}): "REVIEW" | "COMPLETED" | null {
  if (state.inFlight > 0 || state.started > 0 || state.queued > 0) return null;
  return state.inReview() ? "REVIEW" : "COMPLETED";
}

/** The loop guard: the reason a run fails when starting one more node execution would pass the limit. */
export function loopGuardFailure(startedCount: number, maxNodeExecutions: number): string | null {
  return startedCount >= maxNodeExecutions
    ? `Loop guard: more than ${maxNodeExecutions} node executions in one run`
    : null;
}

export type WatchdogState = {
  createdAt: number;
  lastProgressAt: number;
  runTimeoutMs: number;
  stallMs: number;
  /** This instance was already driving the run before the alarm (a fresh instance has only just resumed it). */
  driving: boolean;
  inFlight: number;
  /** A node waits on a sub-run: its silence is not a stall. */
  waitingOnChildren: boolean;
};

/** The watchdog's verdict on a RUNNING run at `now`: the reason it fails (timeout, stall), or null. */
export function watchdogFailure(s: WatchdogState, now: number): string | null {
  if (!s.driving) return null;
  if (now - s.createdAt > s.runTimeoutMs) return `Run timeout: exceeded ${Math.round(s.runTimeoutMs / 1000)} s`;
  if (s.inFlight > 0 && now - s.lastProgressAt > s.stallMs && !s.waitingOnChildren)
    return `Watchdog: no progress for ${Math.round((now - s.lastProgressAt) / 1000)} s`;
  return null;
}

export type RetryPolicy = { count: number; backoffMs: number };

/** The longest a node waits before a retry under its policy (README: "600 s backoff"). */
export const MAX_RETRY_DELAY_MS = 600_000;

/** A node's `metadata.retry = {count, backoff_ms}` (for RetryableError), bounded. */
export function retryPolicy(metadata: Record<string, unknown>): RetryPolicy {
  const raw = metadata.retry as { count?: unknown; backoff_ms?: unknown } | undefined;
  const count = typeof raw?.count === "number" && raw.count > 0 ? Math.min(Math.floor(raw.count), 10) : 0;
  const backoffMs =
    typeof raw?.backoff_ms === "number" && raw.backoff_ms >= 0 ? Math.min(raw.backoff_ms, MAX_RETRY_DELAY_MS) : 1000;
  return { count, backoffMs };
}

/**
 * The delay before a retryable failure's next attempt, or null when its attempts are used up. A block's retry-after
 * past MAX_RETRY_DELAY_MS fails the node now with the block's message: waiting it out would leave the node RUNNING
 * and silent past the documented bounds (until the stall watchdog ends the run), and retrying sooner is refused again.
 * Exponential backoff stops growing at the same bound.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfterMs?: number): number | null {
  if (retry >= policy.count) return null;
  if (retryAfterMs !== undefined) return retryAfterMs > MAX_RETRY_DELAY_MS ? null : retryAfterMs;
  return Math.min(policy.backoffMs * 2 ** retry, MAX_RETRY_DELAY_MS);
}

/**
 * A node's timeout: its own `metadata.timeout_ms`, else the block's, else `defaultMs` (the deployment's
 * `NODE_TIMEOUT_MS`); 0 (none) for blocks that wait on other runs or people (sub-agents, reviews), which have
 * their own bounds.
 */
export function nodeTimeoutMs(
  metadata: Record<string, unknown>,
  blockTimeoutMs: number | undefined,
  waits: boolean,
  defaultMs = DEFAULT_NODE_TIMEOUT_MS,
) {
  const own = metadata.timeout_ms;
  if (typeof own === "number" && own > 0) return own;
  return blockTimeoutMs ?? (waits ? 0 : defaultMs);
}

/**
 * What becomes of an execution that was RUNNING when the run's object restarted: a durable wait on a sub-run is
 * resumed as it is; an interrupted attempt runs again as a retry, unless it already was retried past its policy.
 */
export function afterRestart(retry: number, policy: RetryPolicy, waitsOnChild: boolean): "resume" | "retry" | "fail" {
  if (waitsOnChild) return "resume";
  return retry > policy.count ? "fail" : "retry";
}
