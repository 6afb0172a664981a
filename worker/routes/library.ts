// /api/v1/library: the user's agents (own graphs and store copies), favourites, and presets.
import { createRoute, z } from "@hono/zod-openapi";
import { RunResultView } from "../../engine/views";
import {
  addFromStore,
  fork,
  libraryAgent,
  listLibrary,
  removeFromLibrary,
  setFavorite,
  updateFromStore,
} from "../library/agents";
import { createPreset, deletePreset, executePreset, listPresets, ownPreset, updatePreset } from "../library/presets";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, pathParam, security } from "../openapi";
import { newRouter } from "../router";
import { LibraryAdd, LibraryAgent, LibraryAgentPatch, Preset, PresetCreate, PresetUpdate } from "../store/shapes";

const GraphParam = z.object({ graph_id: pathParam("graph_id") });
const AgentOut = LibraryAgent.openapi("LibraryAgent");
const PresetOut = Preset.openapi("LibraryPreset");
const errors = {
  400: json(ErrorBody, "Invalid request"),
  401: json(ErrorBody, "Not authenticated"),
  404: json(ErrorBody, "Not found (or not yours)"),
};
const tag = ["library"];

const list = createRoute({
  method: "get",
  path: "/agents",
  tags: tag,
  summary: "Your own agents and those added from the store, favourites first; `search` matches name and description",
  security,
  middleware: [requireAuth("read")] as const,
  request: {
    query: z.object({
      search: z.string().max(200).optional(),
      favorites: z.enum(["true", "false"]).optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(AgentOut) }).openapi("LibraryAgentList"), "Agents"), ...errors },
});
const add = createRoute({
  method: "post",
  path: "/agents",
  tags: tag,
  summary: "Add a store agent (by listing_id, or username + slug): a copy pinned to the listed version",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(LibraryAdd.openapi("LibraryAdd"), "Which store agent"), required: true } },
  responses: { 201: json(AgentOut, "Added"), 200: json(AgentOut, "Already in your library"), ...errors },
});
const get = createRoute({
  method: "get",
  path: "/agents/{graph_id}",
  tags: tag,
  summary: "One library agent",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: GraphParam },
  responses: { 200: json(AgentOut, "The agent"), ...errors },
});
const patch = createRoute({
  method: "patch",
  path: "/agents/{graph_id}",
  tags: tag,
  summary: "Mark or unmark a favourite",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: GraphParam, body: { ...json(LibraryAgentPatch, "Favourite"), required: true } },
  responses: { 200: json(AgentOut, "The agent"), ...errors },
});
const remove = createRoute({
  method: "delete",
  path: "/agents/{graph_id}",
  tags: tag,
  summary: "Remove a store agent from your library (its copy is deleted)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: GraphParam },
  responses: { 204: { description: "Removed" }, ...errors },
});
const update = createRoute({
  method: "post",
  path: "/agents/{graph_id}/update",
  tags: tag,
  summary: "Move a store agent to the creator's newest approved version",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: GraphParam },
  responses: { 200: json(AgentOut, "Updated"), 409: json(ErrorBody, "Up to date, or gone from the store"), ...errors },
});
const forkRoute = createRoute({
  method: "post",
  path: "/agents/{graph_id}/fork",
  tags: tag,
  summary: "Fork an agent into a new editable graph of yours",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: GraphParam },
  responses: { 201: json(AgentOut, "The fork"), ...errors },
});

const listP = createRoute({
  method: "get",
  path: "/presets",
  tags: tag,
  summary: "Your presets (optionally for one graph)",
  security,
  middleware: [requireAuth("read")] as const,
  request: { query: z.object({ graph_id: z.string().max(100).optional() }) },
  responses: { 200: json(z.object({ items: z.array(PresetOut) }).openapi("LibraryPresetList"), "Presets"), ...errors },
});
const createP = createRoute({
  method: "post",
  path: "/presets",
  tags: tag,
  summary: "Save inputs and credentials for a graph",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(PresetCreate.openapi("LibraryPresetCreate"), "The preset"), required: true } },
  responses: { 201: json(PresetOut, "The preset"), ...errors },
});
const getP = createRoute({
  method: "get",
  path: "/presets/{id}",
  tags: tag,
  summary: "One preset",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam },
  responses: { 200: json(PresetOut, "The preset"), ...errors },
});
const updateP = createRoute({
  method: "patch",
  path: "/presets/{id}",
  tags: tag,
  summary: "Change a preset",
  security,
  middleware: [requireAuth("write")] as const,
  request: {
    params: IdParam,
    body: { ...json(PresetUpdate.openapi("LibraryPresetUpdate"), "Fields to change"), required: true },
  },
  responses: { 200: json(PresetOut, "The preset"), ...errors },
});
const deleteP = createRoute({
  method: "delete",
  path: "/presets/{id}",
  tags: tag,
  summary: "Delete a preset",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors },
});
const executeP = createRoute({
  method: "post",
  path: "/presets/{id}/execute",
  tags: tag,
  summary: "Run the preset's graph with its inputs and credentials (`inputs` here override field by field)",
  security,
  middleware: [requireAuth("execute")] as const,
  request: {
    params: IdParam,
    query: z.object({ wait: z.coerce.number().min(0).max(60).optional() }),
    body: {
      content: {
        "application/json": {
          schema: z.object({ inputs: z.record(z.string(), z.unknown()).optional() }).openapi("LibraryPresetExecute"),
        },
      },
      required: false,
    },
  },
  responses: {
    200: json(RunResultView, "The finished run (with ?wait=)"),
    202: json(z.object({ execution_id: z.string() }), "The run is recorded and running"),
    ...errors,
  },
});

export const libraryRoutes = newRouter();

libraryRoutes.openapi(list, async (c) => {
  const { search, favorites } = c.req.valid("query");
  const items = await listLibrary(c.env.DB, c.get("auth").userId, { search, favorites: favorites === "true" });
  return c.json({ items }, 200);
});
libraryRoutes.openapi(add, async (c) => {
  const { agent, created } = await addFromStore(c.env.DB, c.get("auth").userId, c.req.valid("json"));
  return c.json(agent, created ? 201 : 200);
});
libraryRoutes.openapi(get, async (c) =>
  c.json(await libraryAgent(c.env.DB, c.get("auth").userId, c.req.valid("param").graph_id), 200),
);
libraryRoutes.openapi(patch, async (c) => {
  const { graph_id } = c.req.valid("param");
  return c.json(await setFavorite(c.env.DB, c.get("auth").userId, graph_id, c.req.valid("json").is_favorite), 200);
});
libraryRoutes.openapi(remove, async (c) => {
  await removeFromLibrary(c.env.DB, c.get("auth").userId, c.req.valid("param").graph_id);
  return c.body(null, 204);
});
libraryRoutes.openapi(update, async (c) =>
  c.json(await updateFromStore(c.env.DB, c.get("auth").userId, c.req.valid("param").graph_id), 200),
);
libraryRoutes.openapi(forkRoute, async (c) =>
  c.json(await fork(c.env.DB, c.get("auth").userId, c.req.valid("param").graph_id), 201),
);

libraryRoutes.openapi(listP, async (c) =>
  c.json({ items: await listPresets(c.env.DB, c.get("auth").userId, c.req.valid("query").graph_id) }, 200),
);
libraryRoutes.openapi(createP, async (c) =>
  c.json(await createPreset(c.env.DB, c.get("auth").userId, c.req.valid("json")), 201),
);
libraryRoutes.openapi(getP, async (c) => {
  return c.json(await ownPreset(c.env.DB, c.get("auth").userId, c.req.valid("param").id), 200);
});
libraryRoutes.openapi(updateP, async (c) =>
  c.json(await updatePreset(c.env.DB, c.get("auth").userId, c.req.valid("param").id, c.req.valid("json")), 200),
);
libraryRoutes.openapi(deleteP, async (c) => {
  await deletePreset(c.env.DB, c.get("auth").userId, c.req.valid("param").id);
  return c.body(null, 204);
});
libraryRoutes.openapi(executeP, async (c) => {
  const { wait } = c.req.valid("query");
  const auth = c.get("auth");
  const { executionId, run } = await executePreset(c.env, auth.userId, c.req.valid("param").id, {
    inputs: c.req.valid("json")?.inputs,
    trigger: { type: auth.via === "api_key" ? "api" : "manual" },
    waitMs: wait !== undefined && wait > 0 ? wait * 1000 : undefined,
  });
  if (run) return c.json(run, 200);
  return c.json({ execution_id: executionId }, 202);
});
