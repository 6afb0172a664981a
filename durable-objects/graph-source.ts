// Reads a graph version for a run from D1, scoped to its owner (sub-agents run only their owner's graphs).
import { and, desc, eq, sql } from "drizzle-orm";
import { orm } from "../db/orm";
import { graphs } from "../db/schema";
import { type BaseGraph, BaseGraphSchema } from "../graph/schema";

const p = sql.placeholder;

/** drizzle prepared queries, built once per D1 binding (a run's start is a hot path). */
const prepared = new WeakMap<D1Database, ReturnType<typeof prepare>>();
const queries = (db: D1Database) => prepared.get(db) ?? prepared.set(db, prepare(db)).get(db)!;

function prepare(db: D1Database) {
  const owned = and(eq(graphs.id, p("graphId")), eq(graphs.ownerId, p("ownerId")));
  const columns = { version: graphs.version, body: graphs.body };
  const o = orm(db);
  return {
    current: o
      .select(columns)
      .from(graphs)
      .where(owned)
      .orderBy(desc(graphs.isActive), desc(graphs.version))
      .limit(1)
      .prepare(),
    exact: o
      .select(columns)
      .from(graphs)
      .where(and(owned, eq(graphs.version, p("version"))))
      .prepare(),
  };
}

export type GraphForRun = { id: string; version: number; graph: BaseGraph };

/** The given version, or the active one (else the newest) when no version is given. */
export async function loadOwnedGraph(
  db: D1Database,
  ownerId: string,
  graphId: string,
  version?: number,
): Promise<GraphForRun | undefined> {
  const q = queries(db);
  const row =
    version === undefined
      ? await q.current.get({ graphId, ownerId })
      : await q.exact.get({ graphId, ownerId, version });
  if (!row) return undefined;
  const graph = BaseGraphSchema.parse(row.body);
  return { id: graphId, version: row.version, graph };
}
