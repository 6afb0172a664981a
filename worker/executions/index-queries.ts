// The D1 index of runs (one row per execution, kept by each run's Durable Object): owner-scoped listing.
import { and, eq, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { executions } from "../../db/schema";
import type { RunSummaryView, RunTrigger } from "../../engine/views";
import { type Cursor, newestFirst, olderThan, splitPage } from "../db/pagination";

type IndexRow = typeof executions.$inferSelect;

/** A page of a graph's runs, newest first. */
export async function listGraphExecutions(
  d1: D1Database,
  ownerId: string,
  graphId: string,
  limit: number,
  after?: Cursor,
) {
  return listExecutions(d1, ownerId, { graphId }, limit, after);
}

export type ExecutionFilter = { graphId?: string; status?: string; trigger?: RunTrigger["type"] };

/** A page of the owner's runs across graphs, newest first, narrowed by graph, status and trigger type. */
export async function listExecutions(
  d1: D1Database,
  ownerId: string,
  filter: ExecutionFilter,
  limit: number,
  after?: Cursor,
) {
  const where: (SQL | undefined)[] = [eq(executions.ownerId, ownerId), olderThan(executions, after)];
  if (filter.graphId) where.push(eq(executions.graphId, filter.graphId));
  if (filter.status) where.push(eq(executions.status, filter.status));
  if (filter.trigger) where.push(eq(executions.triggerType, filter.trigger));
  const rows = await drizzle(d1)
    .select()
    .from(executions)
    .where(and(...where))
    .orderBy(...newestFirst(executions))
    .limit(limit + 1);
  return splitPage(rows, limit);
}

/** How an index row started, as run views show it. */
export function triggerOfRow(r: Pick<IndexRow, "triggerType" | "triggerId">): RunTrigger {
  const type = r.triggerType as RunTrigger["type"];
  if (type === "schedule" && r.triggerId) return { type, schedule_id: r.triggerId };
  if (type === "webhook" && r.triggerId) return { type, webhook_id: r.triggerId };
  return { type };
}

/** An index row as the run summary the API lists. */
export function summaryOfRow(r: IndexRow): RunSummaryView {
  return {
    id: r.id,
    graph_id: r.graphId,
    graph_version: r.graphVersion,
    status: r.status as RunSummaryView["status"],
    error: (r.stats as { error?: string | null } | null)?.error ?? null,
    parent_execution_id: r.parentExecutionId,
    created_at: r.createdAt,
    started_at: r.startedAt,
    ended_at: r.endedAt,
    stats: (r.stats as RunSummaryView["stats"] | null) ?? {
      duration: 0,
      node_exec_count: 0,
      node_error_count: 0,
      cost: 0,
      node_wall_time: {},
      error: null,
    },
    trigger: triggerOfRow(r),
  };
}
