// Monitoring rollups kept incrementally: when a top-level run's final index row is written, its counts,
// duration bucket, cost, tokens and failed blocks are added to the day's rows (migration 0008). The statements
// ride in the same D1 batch (one transaction) as the index row, and each adds only while the run's index row is
// not final yet, so a final row written again (alarm retries, a re-sent batch) never counts twice.
// Sub-runs are not counted on their own: their parent's cost includes them and their failure shows on the
// parent's agent node.
//
// The additions stay SQL (drizzle `sql` templates): an `INSERT … SELECT <values> WHERE NOT EXISTS … ON CONFLICT`
// has a SELECT without a FROM, which drizzle's query builder cannot express.
import { sql } from "drizzle-orm";
import { statementTemplate } from "../db/orm";
import { durationBucket } from "../engine/duration-histogram";
import type { RunSummaryView } from "../engine/views";
import type { RunRow } from "./run-store";
import { type FailedNode, failedNodesOf } from "./run-views";

const p = sql.placeholder;
const key = sql`${p("ownerId")}, ${p("graphId")}, ${p("day")}`;
const notCountedYet = sql`WHERE NOT EXISTS (SELECT 1 FROM executions WHERE id = ${p("id")}
  AND status IN ('COMPLETED', 'FAILED', 'TERMINATED'))`;
type KeyValues = { ownerId: string; graphId: string; day: string; id: string };

// Built once per isolate (hot path: statementTemplate in db/orm.ts).
const addDaily = statementTemplate<
  | keyof KeyValues
  | "completed"
  | "completedWithErrors"
  | "failed"
  | "terminated"
  | "durationMs"
  | "cost"
  | "inputTokens"
  | "outputTokens"
  | "llmCalls"
  | "nodeErrors"
>(
  () => sql`INSERT INTO analytics_daily (owner_id, graph_id, day, completed, completed_with_errors, failed,
    terminated, duration_ms, cost, input_tokens, output_tokens, llm_calls, node_errors)
  SELECT ${key}, ${p("completed")}, ${p("completedWithErrors")}, ${p("failed")}, ${p("terminated")},
    ${p("durationMs")}, ${p("cost")}, ${p("inputTokens")}, ${p("outputTokens")}, ${p("llmCalls")}, ${p("nodeErrors")}
  ${notCountedYet}
  ON CONFLICT (owner_id, graph_id, day) DO UPDATE SET completed = completed + excluded.completed,
    completed_with_errors = completed_with_errors + excluded.completed_with_errors,
    failed = failed + excluded.failed, terminated = terminated + excluded.terminated,
    duration_ms = duration_ms + excluded.duration_ms, cost = cost + excluded.cost,
    input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
    llm_calls = llm_calls + excluded.llm_calls, node_errors = node_errors + excluded.node_errors`,
);

const addDuration = statementTemplate<keyof KeyValues | "bucket">(
  () => sql`INSERT INTO analytics_durations (owner_id, graph_id, day, bucket, runs)
  SELECT ${key}, ${p("bucket")}, 1 ${notCountedYet}
  ON CONFLICT (owner_id, graph_id, day, bucket) DO UPDATE SET runs = runs + 1`,
);

// The "last" columns follow the latest failure; SQLite evaluates every SET expression on the old row.
const newer = sql.raw("excluded.last_failed_at >= COALESCE(last_failed_at, '')");
const addFailures = statementTemplate<
  keyof KeyValues | "blockId" | "failures" | "lastError" | "lastNodeId" | "lastFailedAt"
>(
  () => sql`INSERT INTO analytics_block_failures (owner_id, graph_id, day, block_id, failures, last_error,
    last_node_id, last_execution_id, last_failed_at)
  SELECT ${key}, ${p("blockId")}, ${p("failures")}, ${p("lastError")}, ${p("lastNodeId")}, ${p("id")},
    ${p("lastFailedAt")} ${notCountedYet}
  ON CONFLICT (owner_id, graph_id, day, block_id) DO UPDATE SET failures = failures + excluded.failures,
    last_error = CASE WHEN ${newer} THEN excluded.last_error ELSE last_error END,
    last_node_id = CASE WHEN ${newer} THEN excluded.last_node_id ELSE last_node_id END,
    last_execution_id = CASE WHEN ${newer} THEN excluded.last_execution_id ELSE last_execution_id END,
    last_failed_at = CASE WHEN ${newer} THEN excluded.last_failed_at ELSE last_failed_at END`,
);

/** Longest error text kept per block and day. */
const MAX_ERROR_CHARS = 2_000;

/**
 * The statements that add an ended run to the rollups, to run in the same batch as (and before) its index
 * row's upsert; none for a run that is not final or is a sub-run.
 * @example db.batch([...runEndStatements(db, run, summary), upsert])
 */
export function runEndStatements(db: D1Database, run: RunRow, summary: RunSummaryView): D1PreparedStatement[] {
  const { status } = summary;
  if (run.parent || (status !== "COMPLETED" && status !== "FAILED" && status !== "TERMINATED")) return [];
  const endedMs = run.endedAt ?? Date.now();
  const endedAt = summary.ended_at ?? new Date(endedMs).toISOString();
  const day = endedAt.slice(0, 10);
  const key: KeyValues = { ownerId: run.ownerId, graphId: run.graphId, day, id: run.executionId };
  const stats = summary.stats;
  const durationMs = Math.max(0, endedMs - (run.startedAt ?? run.createdAt ?? endedMs)) || 0;
  const failed = failedNodesOf(summary);
  const statements = [
    addDaily(db, {
      ...key,
      completed: status === "COMPLETED" ? 1 : 0,
      completedWithErrors: status === "COMPLETED" && stats.node_error_count > 0 ? 1 : 0,
      failed: status === "FAILED" ? 1 : 0,
      terminated: status === "TERMINATED" ? 1 : 0,
      durationMs,
      cost: stats.cost,
      inputTokens: stats.input_token_count ?? 0,
      outputTokens: stats.output_token_count ?? 0,
      llmCalls: stats.llm_call_count ?? 0,
      nodeErrors: stats.node_error_count,
    }),
    addDuration(db, { ...key, bucket: durationBucket(durationMs) }),
  ];
  for (const [blockId, group] of byBlock(failed)) {
    const last = group.reduce((a, b) => ((b.endedAt ?? 0) >= (a.endedAt ?? 0) ? b : a));
    statements.push(
      addFailures(db, {
        ...key,
        blockId,
        failures: group.length,
        lastError: last.error?.slice(0, MAX_ERROR_CHARS) ?? null,
        lastNodeId: last.nodeId,
        lastFailedAt: new Date(last.endedAt ?? endedMs).toISOString(),
      }),
    );
  }
  return statements;
}

function byBlock(failed: readonly FailedNode[]): Map<string, FailedNode[]> {
  const groups = new Map<string, FailedNode[]>();
  for (const f of failed) groups.set(f.blockId, [...(groups.get(f.blockId) ?? []), f]);
  return groups;
}
