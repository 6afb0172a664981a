// The tenancy check of routes that act on a graph by id: the caller must own it (someone else's graph is not found).
import { notFound } from "../errors";

/**
 * Throws 404 unless `ownerId` has graph `graphId` (in `version`, when given). `what` names the thing in the error.
 * @example await requireOwnGraph(c.env.DB, userId, id);
 */
export async function requireOwnGraph(
  db: D1Database,
  ownerId: string,
  graphId: string,
  { version, what }: { version?: number | null; what?: string } = {},
): Promise<void> {
  const row = await db
    .prepare(`SELECT 1 AS ok FROM graphs WHERE id = ? AND owner_id = ? ${version ? "AND version = ?" : ""} LIMIT 1`)
    .bind(...(version ? [graphId, ownerId, version] : [graphId, ownerId]))
    .first();
  if (!row) throw notFound(what ?? (version ? `Graph version ${version}` : "Graph"));
}
