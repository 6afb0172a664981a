import { describe, expect, it } from "vitest";
import {
  afterRestart,
  DEFAULT_NODE_TIMEOUT_MS,
  loopGuardFailure,
  MAX_RETRY_DELAY_MS,
  nodeTimeoutMs,
  quietRunStatus,
  retryDelay,
  retryPolicy,
  runTransition,
  watchdogFailure,
} from "./run-rules";
import { InvalidTransitionError } from "./status";

const running = {
  createdAt: 0,
  lastProgressAt: 0,
  runTimeoutMs: 60_000,
  stallMs: 10_000,
  driving: true,
  inFlight: 1,
  waitingOnChildren: false,
};

describe("run rules", () => {
  it("a quiet run completes, or pauses in REVIEW while a node waits for a reviewer", () => {
    const quiet = { inFlight: 0, started: 0, queued: 0 };
    expect(quietRunStatus({ ...quiet, inReview: () => false })).toBe("COMPLETED");
    expect(quietRunStatus({ ...quiet, inReview: () => true })).toBe("REVIEW");
    for (const busy of [{ inFlight: 1 }, { started: 1 }, { queued: 1 }])
      expect(quietRunStatus({ ...quiet, ...busy, inReview: () => true })).toBeNull();
  });

  it("run status changes go through the transition table", () => {
    expect(runTransition("RUNNING", "COMPLETED", "r")).toBe("COMPLETED");
    expect(runTransition("REVIEW", "RUNNING", "r")).toBe("RUNNING");
    expect(() => runTransition("COMPLETED", "RUNNING", "r")).toThrow(InvalidTransitionError);
  });

  it("the loop guard stops the execution past the limit", () => {
    expect(loopGuardFailure(9, 10)).toBeNull();
    expect(loopGuardFailure(10, 10)).toMatch(/Loop guard: more than 10 node executions/);
  });

  it("the watchdog fails a run past its timeout, and a stalled one unless it waits on a sub-run", () => {
    expect(watchdogFailure(running, 5_000)).toBeNull();
    expect(watchdogFailure(running, 60_001)).toBe("Run timeout: exceeded 60 s");
    expect(watchdogFailure(running, 10_001)).toBe("Watchdog: no progress for 10 s");
    expect(watchdogFailure({ ...running, waitingOnChildren: true }, 10_001)).toBeNull();
    expect(watchdogFailure({ ...running, inFlight: 0 }, 10_001)).toBeNull();
    // A fresh instance has only just resumed the run: its first tick judges nothing.
    expect(watchdogFailure({ ...running, driving: false }, 60_001)).toBeNull();
  });

  it("retries follow the node's bounded policy with exponential backoff or the block's retry-after", () => {
    expect(retryPolicy({})).toEqual({ count: 0, backoffMs: 1000 });
    expect(retryPolicy({ retry: { count: 99, backoff_ms: 10 } })).toEqual({ count: 10, backoffMs: 10 });
    expect(retryPolicy({ retry: { count: 2, backoff_ms: 10_000_000 } })).toEqual({ count: 2, backoffMs: 600_000 });
    const policy = { count: 2, backoffMs: 100 };
    expect([0, 1, 2].map((retry) => retryDelay(policy, retry))).toEqual([100, 200, null]);
    expect(retryDelay(policy, 0, 5)).toBe(5);
  });

  it("no retry waits past the policy's bound: a longer retry-after fails at once, long backoffs are capped", () => {
    const policy = { count: 2, backoffMs: 200 };
    // An hour's retry-after would keep the node RUNNING, silent, until the watchdog kills the run.
    expect(retryDelay(policy, 0, 3_600_000)).toBeNull();
    expect(retryDelay(policy, 0, MAX_RETRY_DELAY_MS)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelay({ count: 10, backoffMs: MAX_RETRY_DELAY_MS }, 3)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryPolicy({ retry: { count: 2, backoff_ms: 10_000_000 } }).backoffMs).toBe(MAX_RETRY_DELAY_MS);
  });

  it("node timeouts: the node's own, else the block's, else the default; none for waiting blocks", () => {
    expect(nodeTimeoutMs({ timeout_ms: 50 }, 1000, false)).toBe(50);
    expect(nodeTimeoutMs({}, 1000, false)).toBe(1000);
    expect(nodeTimeoutMs({}, undefined, false)).toBe(DEFAULT_NODE_TIMEOUT_MS);
    expect(nodeTimeoutMs({}, undefined, true)).toBe(0);
  });

  it("after a restart: a sub-run wait resumes, an interrupted attempt retries once past its policy, then fails", () => {
    expect(afterRestart(5, { count: 0, backoffMs: 0 }, true)).toBe("resume");
    expect(afterRestart(0, { count: 0, backoffMs: 0 }, false)).toBe("retry");
    expect(afterRestart(1, { count: 0, backoffMs: 0 }, false)).toBe("fail");
    expect(afterRestart(2, { count: 2, backoffMs: 0 }, false)).toBe("retry");
  });
});
