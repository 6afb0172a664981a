// D1 access for graphs. One row per (graph id, version); versions are immutable once written and exactly
// one version of a graph is active. Every query is scoped to the owner: another user's graph is simply
// not found.
import { z } from "@hono/zod-openapi";
import { and, desc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { graphs } from "../../db/schema";
import type { StoredGraph } from "../../graph/export";
import { AGENT_EXECUTOR_BLOCK_ID, type BaseGraph, BaseGraphSchema, type Graph } from "../../graph/schema";
import { type Cursor, newestFirst, olderThan, splitPage } from "../db/pagination";
import { forgetGraph } from "./version-cache";

/** A graph version as stored, with its row fields. */
export type GraphVersion = StoredGraph & { is_active: boolean; created_at: string };

/** A graph version and the sub-graphs its AgentExecutor nodes reach (owner's graphs only). */
export type GraphWithSubGraphs = GraphVersion & { sub_graphs: GraphVersion[] };

/** What the body column holds: the graph JSON without the row's identity fields. */
const bodyOf = (graph: BaseGraph) => {
  const { id: _id, version: _version, is_active: _active, ...body } = graph;
  return body;
};

type GraphRow = typeof graphs.$inferSelect;

const toVersion = (row: GraphRow): GraphVersion => ({
  ...BaseGraphSchema.parse(row.body),
  id: row.id,
  version: row.version,
  is_active: row.isActive,
  created_at: row.createdAt,
});

/** Which of these graph ids exist already, for anyone (graph ids are global primary keys). */
export async function existingGraphIds(d1: D1Database, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await drizzle(d1)
    .selectDistinct({ id: graphs.id })
    .from(graphs)
    .where(inArray(graphs.id, [...new Set(ids)]));
  return new Set(rows.map((r) => r.id));
}

/**
 * Stores brand-new graphs (a created or imported graph and its sub-graphs) in one transaction. Each
 * graph's highest given version becomes its active one.
 */
export async function insertGraphs(
  d1: D1Database,
  ownerId: string,
  versions: readonly (BaseGraph & { id: string; version: number })[],
): Promise<void> {
  const highest = new Map<string, number>();
  for (const g of versions) highest.set(g.id, Math.max(highest.get(g.id) ?? 0, g.version));
  const db = drizzle(d1);
  const inserts = versions.map((g) =>
    db.insert(graphs).values({
      id: g.id,
      version: g.version,
      ownerId,
      name: g.name,
      description: g.description,
      isActive: highest.get(g.id) === g.version,
      body: bodyOf(g),
    }),
  );
  const [first, ...rest] = inserts;
  if (first) await db.batch([first, ...rest]);
}

/**
 * Appends version max+1 of the owner's graph and makes it the active one, atomically (the version is
 * computed inside the INSERT, so concurrent saves cannot pick the same number). Null when the owner has
 * no such graph.
 */
export async function appendVersion(d1: D1Database, ownerId: string, id: string, graph: BaseGraph) {
  const body = JSON.stringify(bodyOf(graph));
  // Plain D1 statements: drizzle's batch cannot carry an INSERT … SELECT … RETURNING.
  const [inserted] = await d1.batch<{ version: number }>([
    d1
      .prepare(
        `INSERT INTO graphs (id, version, owner_id, name, description, is_active, body)
         SELECT ?1, MAX(version) + 1, ?2, ?3, ?4, 1, ?5 FROM graphs WHERE id = ?1 AND owner_id = ?2
         HAVING COUNT(*) > 0
         RETURNING version`,
      )
      .bind(id, ownerId, graph.name, graph.description, body),
    d1
      .prepare(
        `UPDATE graphs SET is_active = (version = (SELECT MAX(g.version) FROM graphs g WHERE g.id = ?1))
         WHERE id = ?1 AND owner_id = ?2`,
      )
      .bind(id, ownerId),
  ]);
  forgetGraph(ownerId, id);
  return inserted?.results[0]?.version ?? null;
}

/** The owner's graph at a version, or its active version when none is given; null when not found. */
export async function getGraphVersion(
  d1: D1Database,
  ownerId: string,
  id: string,
  version?: number,
): Promise<GraphVersion | null> {
  const [row] = await drizzle(d1)
    .select()
    .from(graphs)
    .where(
      and(
        eq(graphs.id, id),
        eq(graphs.ownerId, ownerId),
        version === undefined ? eq(graphs.isActive, true) : eq(graphs.version, version),
      ),
    )
    .limit(1);
  return row ? toVersion(row) : null;
}

/** Every version of the owner's graph, newest first (empty when not found). */
export async function listVersions(d1: D1Database, ownerId: string, id: string) {
  const rows = await drizzle(d1)
    .select({
      version: graphs.version,
      isActive: graphs.isActive,
      name: graphs.name,
      description: graphs.description,
      createdAt: graphs.createdAt,
    })
    .from(graphs)
    .where(and(eq(graphs.id, id), eq(graphs.ownerId, ownerId)))
    .orderBy(desc(graphs.version));
  return rows.map((r) => ({
    id,
    version: r.version,
    is_active: r.isActive,
    name: r.name,
    description: r.description,
    created_at: r.createdAt,
  }));
}

/** A graph's newest run, as its `executions` index row has it. */
export const LastExecution = z.object({
  id: z.string(),
  status: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
});
export type LastExecution = z.infer<typeof LastExecution>;

/** An active graph version in a listing, with its newest run (null when it never ran). */
export type ListedGraph = GraphVersion & { last_execution: LastExecution | null };

/**
 * The owner's newest run of the listed graph row, as JSON text (NULL when it never ran). A correlated
 * subquery, so a whole page costs one query; each lookup is a seek on executions_owner_graph_idx read
 * backwards, ties on created_at broken by id as the runs list orders them. `graphs.id` is written out
 * so it names the outer row, not the executions' own id.
 */
const newestRunJson = (ownerId: string) => sql<string | null>`(
  SELECT json_object('id', e.id, 'status', e.status, 'created_at', e.created_at,
                     'started_at', e.started_at, 'ended_at', e.ended_at)
  FROM executions e
  WHERE e.owner_id = ${ownerId} AND e.graph_id = graphs.id
  ORDER BY e.created_at DESC, e.id DESC
  LIMIT 1
)`;

/**
 * One page of the owner's graphs (their active versions) with each one's newest run, newest graph first;
 * keyset-paginated. One query for the page.
 */
export async function listActiveGraphs(
  d1: D1Database,
  ownerId: string,
  limit: number,
  after?: Cursor,
): Promise<{ page: ListedGraph[]; next: Cursor | null }> {
  const rows = await drizzle(d1)
    .select({ ...getTableColumns(graphs), lastExecution: newestRunJson(ownerId) })
    .from(graphs)
    .where(and(eq(graphs.ownerId, ownerId), eq(graphs.isActive, true), olderThan(graphs, after)))
    .orderBy(...newestFirst(graphs))
    .limit(limit + 1);
  const { page, next } = splitPage(rows, limit);
  return {
    page: page.map(({ lastExecution, ...row }) => ({
      ...toVersion(row),
      last_execution: lastExecution === null ? null : LastExecution.parse(JSON.parse(lastExecution)),
    })),
    next,
  };
}

/** Makes one existing version the active one; false when the owner has no such version. */
export async function setActiveVersion(d1: D1Database, ownerId: string, id: string, version: number) {
  const updated = await drizzle(d1)
    .update(graphs)
    .set({ isActive: sql`version = ${version}` })
    .where(
      and(
        eq(graphs.id, id),
        eq(graphs.ownerId, ownerId),
        // Only touch the graph when the target version exists, so a bad number leaves it as it was.
        sql`EXISTS (SELECT 1 FROM graphs g WHERE g.id = ${id} AND g.owner_id = ${ownerId} AND g.version = ${version})`,
      ),
    )
    .returning({ version: graphs.version });
  forgetGraph(ownerId, id);
  return updated.length > 0;
}

/** Deletes every version of the owner's graph; false when there was none. */
export async function deleteGraph(d1: D1Database, ownerId: string, id: string) {
  const deleted = await drizzle(d1)
    .delete(graphs)
    .where(and(eq(graphs.id, id), eq(graphs.ownerId, ownerId)))
    .returning({ version: graphs.version });
  forgetGraph(ownerId, id);
  return deleted.length > 0;
}

/** Where an AgentExecutor node points: the sub-graph id and version (undefined version = active). */
function subGraphRefs(graph: BaseGraph): { id: string; version?: number }[] {
  return graph.nodes
    .filter((n) => n.block_id === AGENT_EXECUTOR_BLOCK_ID && typeof n.input_default.graph_id === "string")
    .map((n) => ({
      id: n.input_default.graph_id as string,
      version: typeof n.input_default.graph_version === "number" ? n.input_default.graph_version : undefined,
    }));
}

/** Bound on how many sub-graphs one graph may pull in (cycles are cut by the seen set anyway). */
const MAX_SUB_GRAPHS = 50;

/**
 * The sub-graphs a graph reaches through AgentExecutor nodes, breadth-first, flattened, deduplicated —
 * AutoGPT's get_sub_graphs. Only the owner's graphs are collected.
 */
export async function loadSubGraphs(d1: D1Database, ownerId: string, graph: GraphVersion): Promise<GraphVersion[]> {
  const seen = new Set([`${graph.id}@${graph.version}`]);
  const found: GraphVersion[] = [];
  let frontier: BaseGraph[] = [graph];
  while (frontier.length > 0 && found.length < MAX_SUB_GRAPHS) {
    const next: GraphVersion[] = [];
    for (const ref of frontier.flatMap(subGraphRefs)) {
      const key = `${ref.id}@${ref.version ?? "active"}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sub = await getGraphVersion(d1, ownerId, ref.id, ref.version);
      if (!sub) continue;
      const exact = `${sub.id}@${sub.version}`;
      if (exact !== key && seen.has(exact)) continue;
      seen.add(exact);
      found.push(sub);
      next.push(sub);
    }
    frontier = next;
  }
  return found;
}

/** A graph version with its sub-graphs, owner-scoped; null when not found. */
export async function getGraphWithSubGraphs(
  d1: D1Database,
  ownerId: string,
  id: string,
  version?: number,
): Promise<GraphWithSubGraphs | null> {
  const graph = await getGraphVersion(d1, ownerId, id, version);
  if (!graph) return null;
  return { ...graph, sub_graphs: await loadSubGraphs(d1, ownerId, graph) };
}

/**
 * Loads the graph version a run executes (the active one unless `version` is given), with the sub-graphs
 * its AgentExecutor nodes reference, owner-scoped. Null when the owner has no such graph/version.
 * Check it with `assertRunnable(graph, blockCatalog)` before starting the run.
 * @example
 * const graph = await loadGraphForRun(env.DB, auth.userId, graphId, body.version);
 * if (!graph) throw notFound("Graph");
 */
export async function loadGraphForRun(
  d1: D1Database,
  ownerId: string,
  graphId: string,
  version?: number,
): Promise<(Graph & { id: string; version: number }) | null> {
  return getGraphWithSubGraphs(d1, ownerId, graphId, version);
}
