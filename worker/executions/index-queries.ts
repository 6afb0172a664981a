// The D1 index of runs (one row per execution, kept by each run's Durable Object): owner-scoped listing.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Cursor, newestFirst, olderThan, splitPage } from "../db/pagination";
import { executions } from "../db/schema";

/** A page of a graph's runs, newest first. */
export async function listGraphExecutions(
  d1: D1Database,
  ownerId: string,
  graphId: string,
  limit: number,
  after?: Cursor,
) {
  const rows = await drizzle(d1)
    .select()
    .from(executions)
    .where(and(eq(executions.ownerId, ownerId), eq(executions.graphId, graphId), olderThan(executions, after)))
    .orderBy(...newestFirst(executions))
    .limit(limit + 1);
  return splitPage(rows, limit);
}
