// The run's row in D1's `executions` index (listing, idempotency, history), written by the run's object
// as an idempotent upsert so retries and reordering can never leave an older status behind for good.
import type { RunSummaryView } from "../engine/views";
import type { RunRow } from "./run-store";

export async function writeIndexRow(db: D1Database, run: RunRow, summary: RunSummaryView): Promise<void> {
  await db
    .prepare(
      `INSERT INTO executions (id, owner_id, graph_id, graph_version, status, parent_execution_id, idempotency_key, stats,
         created_at, started_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, stats = excluded.stats, started_at = excluded.started_at,
         ended_at = excluded.ended_at`,
    )
    .bind(
      run.executionId,
      run.ownerId,
      run.graphId,
      run.graphVersion,
      summary.status,
      summary.parent_execution_id,
      run.idempotencyKey,
      JSON.stringify(summary.stats),
      summary.created_at,
      summary.started_at,
      summary.ended_at,
    )
    .run();
}
