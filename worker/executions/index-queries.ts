// The D1 index of runs (one row per execution, kept by each run's Durable Object): owner-scoped listing.
import { and, desc, eq, lt, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { executions } from "../db/schema";

export type ExecutionCursor = { created_at: string; id: string };

/** A page of a graph's runs, newest first. */
export async function listGraphExecutions(
  d1: D1Database,
  ownerId: string,
  graphId: string,
  limit: number,
  after?: ExecutionCursor,
) {
  const db = drizzle(d1);
  const rows = await db
    .select()
    .from(executions)
    .where(
      and(
        eq(executions.ownerId, ownerId),
        eq(executions.graphId, graphId),
        after
          ? or(
              lt(executions.createdAt, after.created_at),
              and(eq(executions.createdAt, after.created_at), lt(executions.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(executions.createdAt), desc(executions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = rows.length > limit && last ? { created_at: last.createdAt, id: last.id } : undefined;
  return { page, next };
}
