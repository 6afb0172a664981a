// Reads a graph version for a run from D1, scoped to its owner (sub-agents run only their owner's graphs).
import { type BaseGraph, BaseGraphSchema } from "../graph/schema";

export type GraphForRun = { id: string; version: number; graph: BaseGraph };

/** The given version, or the active one (else the newest) when no version is given. */
export async function loadOwnedGraph(
  db: D1Database,
  ownerId: string,
  graphId: string,
  version?: number,
): Promise<GraphForRun | undefined> {
  const row =
    version === undefined
      ? await db
          .prepare(
            "SELECT version, body FROM graphs WHERE id = ? AND owner_id = ? ORDER BY is_active DESC, version DESC LIMIT 1",
          )
          .bind(graphId, ownerId)
          .first<{ version: number; body: string }>()
      : await db
          .prepare("SELECT version, body FROM graphs WHERE id = ? AND owner_id = ? AND version = ?")
          .bind(graphId, ownerId, version)
          .first<{ version: number; body: string }>();
  if (!row) return undefined;
  const graph = BaseGraphSchema.parse(typeof row.body === "string" ? JSON.parse(row.body) : row.body);
  return { id: graphId, version: row.version, graph };
}
