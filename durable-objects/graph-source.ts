// Reads a graph version for a run from D1, scoped to its owner (sub-agents run only their owner's graphs).
import { and, desc, eq } from "drizzle-orm";
import { orm } from "../db/orm";
import { graphs } from "../db/schema";
import { type BaseGraph, BaseGraphSchema } from "../graph/schema";

export type GraphForRun = { id: string; version: number; graph: BaseGraph };

/** The given version, or the active one (else the newest) when no version is given. */
export async function loadOwnedGraph(
  db: D1Database,
  ownerId: string,
  graphId: string,
  version?: number,
): Promise<GraphForRun | undefined> {
  const owned = and(eq(graphs.id, graphId), eq(graphs.ownerId, ownerId));
  const columns = { version: graphs.version, body: graphs.body };
  const row =
    version === undefined
      ? await orm(db)
          .select(columns)
          .from(graphs)
          .where(owned)
          .orderBy(desc(graphs.isActive), desc(graphs.version))
          .limit(1)
          .get()
      : await orm(db)
          .select(columns)
          .from(graphs)
          .where(and(owned, eq(graphs.version, version)))
          .get();
  if (!row) return undefined;
  const graph = BaseGraphSchema.parse(row.body);
  return { id: graphId, version: row.version, graph };
}
