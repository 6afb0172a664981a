// A run object's own bounds, read from the Worker's env (wrangler.toml [vars], listed in the README's
// configuration and Limits tables). An unset, non-integer or non-positive value keeps the default.

import { DEFAULT_NODE_TIMEOUT_MS } from "../engine/run-rules";
import type { RunOptions } from "./run-row";

/** Node executions one run may start (the loop guard); a start request's own `maxNodeExecutions` wins. */
export const DEFAULT_MAX_NODE_EXECUTIONS = 10_000;
/** A run's whole time, from its start, before the watchdog fails it. */
export const DEFAULT_RUN_TIMEOUT_MS = 60 * 60 * 1000;
/** How long a run with a node in flight may go without progress before the watchdog fails it. */
export const DEFAULT_RUN_STALL_MS = 10 * 60 * 1000;
/** Node executions of one run whose blocks run at once. */
export const DEFAULT_RUN_CONCURRENCY = 16;
/** Output values larger than this (bytes of JSON) go to R2 and travel by reference (large-values.ts). */
export const DEFAULT_INLINE_VALUE_BYTES = 128 * 1024;
/** Bytes of values one run view carries (view-budget.ts); run outputs in R2 are fetched back within half of it. */
export const DEFAULT_RUN_VIEW_BYTES = 16 * 1024 * 1024;
/** How long a finished run's object stays in memory after its last call (run-release.ts). */
export const DEFAULT_RELEASE_AFTER_MS = 250;

type RunLimitEnv = {
  MAX_NODE_EXECUTIONS?: string;
  RUN_TIMEOUT_MS?: string;
  RUN_STALL_MS?: string;
  RUN_CONCURRENCY?: string;
  NODE_TIMEOUT_MS?: string;
  MAX_INLINE_VALUE_BYTES?: string;
  MAX_RUN_VIEW_BYTES?: string;
  RUN_RELEASE_AFTER_MS?: string;
};

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** `MAX_NODE_EXECUTIONS`, else the default. */
export const maxNodeExecutions = (env: RunLimitEnv) => positive(env.MAX_NODE_EXECUTIONS, DEFAULT_MAX_NODE_EXECUTIONS);
/**
 * A new run's options from `MAX_NODE_EXECUTIONS`, `RUN_TIMEOUT_MS`, `RUN_STALL_MS` and `RUN_CONCURRENCY`; a start
 * request's own options win over these (run-start.ts).
 */
export const runOptionDefaults = (
  env: RunLimitEnv,
): Pick<RunOptions, "maxNodeExecutions" | "runTimeoutMs" | "stallMs" | "concurrency"> => ({
  maxNodeExecutions: maxNodeExecutions(env),
  runTimeoutMs: positive(env.RUN_TIMEOUT_MS, DEFAULT_RUN_TIMEOUT_MS),
  stallMs: positive(env.RUN_STALL_MS, DEFAULT_RUN_STALL_MS),
  concurrency: positive(env.RUN_CONCURRENCY, DEFAULT_RUN_CONCURRENCY),
});
/** `NODE_TIMEOUT_MS`: a node's timeout when neither the node nor its block sets one. */
export const defaultNodeTimeoutMs = (env: RunLimitEnv) => positive(env.NODE_TIMEOUT_MS, DEFAULT_NODE_TIMEOUT_MS);
/** `MAX_INLINE_VALUE_BYTES`, else the default. */
export const inlineValueBytes = (env: RunLimitEnv) => positive(env.MAX_INLINE_VALUE_BYTES, DEFAULT_INLINE_VALUE_BYTES);
/** `MAX_RUN_VIEW_BYTES`, else the default. */
export const runViewBytes = (env: RunLimitEnv) => positive(env.MAX_RUN_VIEW_BYTES, DEFAULT_RUN_VIEW_BYTES);
/** `RUN_RELEASE_AFTER_MS`, else the default. */
export const releaseAfterMs = (env: RunLimitEnv) => positive(env.RUN_RELEASE_AFTER_MS, DEFAULT_RELEASE_AFTER_MS);
