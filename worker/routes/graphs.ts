// /api/v1/graphs: AutoGPT-compatible agents with immutable versions, import from and export to AutoGPT.
// Owner-scoped throughout: someone else's graph is a 404, never a 403.
import { createRoute, z } from "@hono/zod-openapi";
import { blockCatalog } from "../../blocks/catalog";
import { exportGraph } from "../../graph/export";
import { decodeCursor, encodeCursor, PageQuery } from "../db/pagination";
import { notFound } from "../errors";
import {
  deleteGraph,
  getGraphWithSubGraphs,
  listActiveGraphs,
  listVersions,
  setActiveVersion,
} from "../graphs/repository";
import { GraphOut, GraphSummary, GraphVersionInfo, graphOut, graphSummary } from "../graphs/responses";
import { createGraphs, readBaseGraph, readGraph, saveNewVersion } from "../graphs/save";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, security } from "../openapi";
import { newRouter } from "../router";
import { syncGraphWebhooks } from "../webhooks/repository";

const catalog = blockCatalog;

const GraphBody = z.record(z.string(), z.unknown()).openapi("GraphInput", {
  description:
    "An AutoGPT graph JSON (id, name, description, nodes, links, sub_graphs, ...) or AutoGPT's `{graph: ...}` wrapper. Unknown fields are ignored.",
});

const ImportWarning = z
  .object({ graph_id: z.string(), node_id: z.string(), block_id: z.string(), message: z.string() })
  .openapi("ImportWarning");

const ImportResult = z.object({ graph: GraphOut, warnings: z.array(ImportWarning) }).openapi("GraphImport");

const GraphPage = z.object({ items: z.array(GraphSummary), next_cursor: z.string().nullable() }).openapi("GraphPage");
const VersionList = z.object({ items: z.array(GraphVersionInfo), next_cursor: z.null() }).openapi("GraphVersionList");

const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });
const ActivateBody = z.object({ active_version: z.number().int().positive() }).openapi("GraphActivate");

const errors = {
  400: json(ErrorBody, "Invalid graph: every problem, with node id and pin in the path"),
  401: json(ErrorBody, "Missing or invalid credentials"),
  403: json(ErrorBody, "The credential lacks the needed scope"),
};
const notFoundResponse = { 404: json(ErrorBody, "No such graph (or version) owned by the caller") };

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["graphs"],
  summary: "Create a graph (version 1, active); unknown block ids are refused",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(GraphBody, "The graph"), required: true } },
  responses: { 201: json(GraphOut, "The stored graph"), ...errors, 413: json(ErrorBody, "Body too large") },
});

const importGraph = createRoute({
  method: "post",
  path: "/import",
  tags: ["graphs"],
  summary: "Import an AutoGPT export file (sub_graphs included; missing blocks become placeholder nodes)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(GraphBody, "The AutoGPT export file"), required: true } },
  responses: {
    201: json(ImportResult, "The imported graph and what the import could not honour"),
    ...errors,
    413: json(ErrorBody, "Body too large"),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["graphs"],
  summary: "The caller's graphs (active versions), newest first, each with its newest run (`last_execution`)",
  security,
  middleware: [requireAuth("read")] as const,
  request: { query: PageQuery },
  responses: { 200: json(GraphPage, "One page of graphs"), ...errors },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["graphs"],
  summary: "A graph: its active version, or `?version=N`",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam, query: VersionQuery },
  responses: { 200: json(GraphOut, "The graph with computed schemas and warnings"), ...errors, ...notFoundResponse },
});

const versions = createRoute({
  method: "get",
  path: "/{id}/versions",
  tags: ["graphs"],
  summary: "Every version of a graph, newest first",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam },
  responses: { 200: json(VersionList, "The versions"), ...errors, ...notFoundResponse },
});

const update = createRoute({
  method: "put",
  path: "/{id}",
  tags: ["graphs"],
  summary: "Save a new version (max+1, becomes active); older versions never change",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam, body: { ...json(GraphBody, "The new version of the graph"), required: true } },
  responses: {
    200: json(GraphOut, "The new version"),
    ...errors,
    ...notFoundResponse,
    413: json(ErrorBody, "Body too large"),
  },
});

const activate = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["graphs"],
  summary: "Choose the active version",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam, body: { ...json(ActivateBody, "The version to activate"), required: true } },
  responses: { 200: json(GraphOut, "The graph at its new active version"), ...errors, ...notFoundResponse },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["graphs"],
  summary: "Delete a graph with all its versions",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors, ...notFoundResponse },
});

const exportRoute = createRoute({
  method: "get",
  path: "/{id}/export",
  tags: ["graphs"],
  summary: "AutoGPT-compatible export (secret-looking defaults stripped); active version or `?version=N`",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam, query: VersionQuery },
  responses: {
    200: json(z.record(z.string(), z.unknown()).openapi("GraphExport"), "The export file"),
    ...errors,
    ...notFoundResponse,
  },
});

export const graphRoutes = newRouter();

async function loadOrNotFound(d1: D1Database, ownerId: string, id: string, version?: number) {
  const graph = await getGraphWithSubGraphs(d1, ownerId, id, version);
  if (!graph) throw notFound(version === undefined ? "Graph" : `Graph version ${version}`);
  return graph;
}

graphRoutes.openapi(create, async (c) => {
  const { userId } = c.get("auth");
  const created = await createGraphs(c.env.DB, userId, readGraph(c.req.valid("json")), catalog, "create");
  const graph = await loadOrNotFound(c.env.DB, userId, created.id);
  await syncGraphWebhooks(c.env, userId, graph.id, graph.version, graph.nodes);
  return c.json(graphOut(graph, catalog), 201);
});

graphRoutes.openapi(importGraph, async (c) => {
  const { userId } = c.get("auth");
  const created = await createGraphs(c.env.DB, userId, readGraph(c.req.valid("json")), catalog, "import");
  const stored = await loadOrNotFound(c.env.DB, userId, created.id);
  await syncGraphWebhooks(c.env, userId, stored.id, stored.version, stored.nodes);
  const graph = graphOut(stored, catalog);
  return c.json({ graph, warnings: created.warnings }, 201);
});

graphRoutes.openapi(list, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { userId } = c.get("auth");
  const { page, next } = await listActiveGraphs(c.env.DB, userId, limit, cursor ? decodeCursor(cursor) : undefined);
  return c.json(
    { items: page.map((g) => graphSummary(g, catalog)), next_cursor: next ? encodeCursor(next) : null },
    200,
  );
});

graphRoutes.openapi(get, async (c) => {
  const { id } = c.req.valid("param");
  const { version } = c.req.valid("query");
  return c.json(graphOut(await loadOrNotFound(c.env.DB, c.get("auth").userId, id, version), catalog), 200);
});

graphRoutes.openapi(versions, async (c) => {
  const { id } = c.req.valid("param");
  const items = await listVersions(c.env.DB, c.get("auth").userId, id);
  if (items.length === 0) throw notFound("Graph");
  return c.json({ items, next_cursor: null }, 200);
});

graphRoutes.openapi(update, async (c) => {
  const { id } = c.req.valid("param");
  const { userId } = c.get("auth");
  const version = await saveNewVersion(c.env.DB, userId, id, readBaseGraph(c.req.valid("json")), catalog);
  if (version === null) throw notFound("Graph");
  const graph = await loadOrNotFound(c.env.DB, userId, id, version);
  await syncGraphWebhooks(c.env, userId, id, version, graph.nodes);
  return c.json(graphOut(graph, catalog), 200);
});

graphRoutes.openapi(activate, async (c) => {
  const { id } = c.req.valid("param");
  const { active_version } = c.req.valid("json");
  const { userId } = c.get("auth");
  if (!(await setActiveVersion(c.env.DB, userId, id, active_version))) {
    // Tell "no such graph" from "no such version" only to the graph's owner.
    const exists = (await listVersions(c.env.DB, userId, id)).length > 0;
    throw notFound(exists ? `Graph version ${active_version}` : "Graph");
  }
  return c.json(graphOut(await loadOrNotFound(c.env.DB, userId, id), catalog), 200);
});

graphRoutes.openapi(remove, async (c) => {
  const { id } = c.req.valid("param");
  if (!(await deleteGraph(c.env.DB, c.get("auth").userId, id))) throw notFound("Graph");
  return c.body(null, 204);
});

graphRoutes.openapi(exportRoute, async (c) => {
  const { id } = c.req.valid("param");
  const { version } = c.req.valid("query");
  const graph = await loadOrNotFound(c.env.DB, c.get("auth").userId, id, version);
  const file = exportGraph(graph, graph.sub_graphs, catalog);
  const filename = `${graph.name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "agent"}_v${graph.version}.json`;
  c.header("Content-Disposition", `attachment; filename="${filename}"`);
  return c.json(file, 200);
});
