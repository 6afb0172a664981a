// Statuses of runs and node executions, and AutoGPT's transition table (backend/data/execution.py,
// VALID_STATUS_TRANSITIONS). Every status change in the engine goes through `transition`, so an
// impossible move (a COMPLETED node becoming RUNNING again) is a bug caught at once, not a silent rewrite.
import { z } from "zod";

export const ExecutionStatus = z.enum([
  "INCOMPLETE",
  "QUEUED",
  "RUNNING",
  "COMPLETED",
  "TERMINATED",
  "FAILED",
  "REVIEW",
]);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;

/** target ← the statuses it may be reached from. */
const ALLOWED_FROM: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  INCOMPLETE: [],
  QUEUED: ["INCOMPLETE", "TERMINATED", "REVIEW"],
  RUNNING: ["INCOMPLETE", "QUEUED", "TERMINATED", "REVIEW"],
  COMPLETED: ["RUNNING"],
  FAILED: ["INCOMPLETE", "QUEUED", "RUNNING", "REVIEW"],
  TERMINATED: ["INCOMPLETE", "QUEUED", "RUNNING", "REVIEW"],
  REVIEW: ["RUNNING"],
};

/** @example canTransition("QUEUED", "RUNNING") // true */
export const canTransition = (from: ExecutionStatus, to: ExecutionStatus): boolean => ALLOWED_FROM[to].includes(from);

export class InvalidTransitionError extends Error {
  override name = "InvalidTransitionError";
  constructor(
    readonly from: ExecutionStatus,
    readonly to: ExecutionStatus,
    what: string,
  ) {
    super(`${what}: cannot go from ${from} to ${to}`);
  }
}

/** Returns `to`, or throws when the table forbids the move. */
export function transition(from: ExecutionStatus, to: ExecutionStatus, what: string): ExecutionStatus {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to, what);
  return to;
}

/** A run or node in one of these never changes again (REVIEW is a pause, not an end). */
export const FINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set(["COMPLETED", "TERMINATED", "FAILED"]);
export const isFinal = (s: ExecutionStatus): boolean => FINAL_STATUSES.has(s);
