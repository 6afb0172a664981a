// Runs of graphs: start (optionally waiting for the result), read, list, cancel, delete, review, rerun.
// Each run lives in its own Durable Object (GraphRun); these handlers check the caller, then ask it.
// Someone else's run is a 404, never a 403.
import { createRoute, z } from "@hono/zod-openapi";
import { ExecutionStatus } from "../../engine/status";
import { RunResultView, RunSummaryView, RunView, TRIGGER_TYPES } from "../../engine/views";
import { CredentialsMeta } from "../credentials/shapes";
import { decodeCursor, PageQuery, pageBody } from "../db/pagination";
import { badRequest, conflict, notFound } from "../errors";
import { listExecutions, listGraphExecutions, summaryOfRow } from "../executions/index-queries";
import { type GraphRunRpc, isExecutionId, runStub } from "../executions/run-stub";
import { startErrors, startGraphRun } from "../executions/start";
import { requireOwnGraph } from "../graphs/owned";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdempotencyHeaders, IdParam, json, security } from "../openapi";
import { newRouter } from "../router";

const ExecIdParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
const ReviewParam = ExecIdParam.extend({
  nodeExecId: z.string().openapi({ param: { name: "nodeExecId", in: "path" } }),
});

const ExecuteBody = z
  .object({
    inputs: z.record(z.string(), z.unknown()).default({}).describe("Values for the graph's input nodes, by name"),
    version: z.number().int().positive().optional().describe("Graph version; the active one when absent"),
    credentials_inputs: z
      .record(z.string(), CredentialsMeta)
      .optional()
      .describe(
        "Credentials for the graph's credentials_input_schema fields, {id, provider, type, title} each; a field not given uses the node's own input_default",
      ),
  })
  .openapi("ExecuteGraph");
const ExecuteQuery = z.object({
  wait: z.coerce
    .number()
    .min(0)
    .max(60)
    .optional()
    .describe("Seconds to wait for the run to finish; answers 200 with the run if it does, else 202"),
});
const Accepted = z.object({ execution_id: z.string() }).openapi("ExecutionAccepted");
const RunOut = RunView.openapi("GraphExecutionWithNodes");
const RunResultOut = RunResultView.openapi("GraphExecution");
const RunPage = z
  .object({ items: z.array(RunSummaryView.openapi("GraphExecutionSummary")), next_cursor: z.string().nullable() })
  .openapi("GraphExecutionPage");
const Review = z
  .object({
    node_exec_id: z.string(),
    node_id: z.string(),
    name: z.string(),
    data: z.unknown(),
    editable: z.boolean(),
    status: z.enum(["WAITING", "APPROVED", "REJECTED"]),
    reviewed_data: z.unknown(),
    message: z.string().nullable(),
    created_at: z.string(),
    reviewed_at: z.string().nullable(),
  })
  .openapi("Review");
const ReviewBody = z
  .object({
    approved: z.boolean(),
    data: z.unknown().optional().describe("Edited data (only when the review is editable)"),
    message: z.string().max(10_000).optional(),
  })
  .openapi("ReviewDecision");
const RerunBody = z.object({ from_node_id: z.string().min(1) }).openapi("Rerun");

const errors = {
  400: json(ErrorBody, "Invalid request"),
  401: json(ErrorBody, "Not authenticated"),
  404: json(ErrorBody, "No such run (or not yours)"),
};

const execute = createRoute({
  method: "post",
  path: "/graphs/{id}/execute",
  tags: ["executions"],
  summary: "Run a graph (202 once recorded; with ?wait=, 200 with the finished run)",
  security,
  middleware: [requireAuth("execute")] as const,
  request: {
    params: IdParam,
    query: ExecuteQuery,
    headers: IdempotencyHeaders,
    body: { content: { "application/json": { schema: ExecuteBody } }, required: false },
  },
  responses: {
    200: json(RunResultOut, "The finished run: status, inputs, outputs, stats (node executions: GET the run)"),
    202: json(Accepted, "The run is recorded and running"),
    ...errors,
  },
});

const listRuns = createRoute({
  method: "get",
  path: "/graphs/{id}/executions",
  tags: ["executions"],
  summary: "A graph's runs, newest first",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(RunPage, "A page of runs"), ...errors },
});

const RunListQuery = PageQuery.extend({
  status: ExecutionStatus.optional().describe("Only runs in this status"),
  graph_id: z.string().max(100).optional().describe("Only this graph's runs"),
  trigger: z.enum(TRIGGER_TYPES).optional().describe("Only runs started this way"),
});

const listAllRuns = createRoute({
  method: "get",
  path: "/executions",
  tags: ["executions"],
  summary: "All of the caller's runs, newest first, filtered by status, graph and trigger",
  security,
  middleware: [requireAuth("read")] as const,
  request: { query: RunListQuery },
  responses: { 200: json(RunPage, "A page of runs"), ...errors },
});

const getRun = createRoute({
  method: "get",
  path: "/executions/{id}",
  tags: ["executions"],
  summary: "A run with its outputs, stats and node executions",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: ExecIdParam },
  responses: { 200: json(RunOut, "The run"), ...errors },
});

const cancelRun = createRoute({
  method: "post",
  path: "/executions/{id}/cancel",
  tags: ["executions"],
  summary: "Cancel a run and its sub-runs; answers once it is final",
  security,
  middleware: [requireAuth("execute")] as const,
  request: { params: ExecIdParam },
  responses: { 200: json(RunOut, "The run, final"), ...errors },
});

const deleteRun = createRoute({
  method: "delete",
  path: "/executions/{id}",
  tags: ["executions"],
  summary: "Delete a run: its state, files and index row",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: ExecIdParam },
  responses: { 204: { description: "Deleted" }, ...errors },
});

const listReviews = createRoute({
  method: "get",
  path: "/executions/{id}/reviews",
  tags: ["executions"],
  summary: "Human reviews of a run (pending and decided)",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: ExecIdParam },
  responses: { 200: json(z.object({ items: z.array(Review) }), "Reviews"), ...errors },
});

const decideReview = createRoute({
  method: "post",
  path: "/executions/{id}/reviews/{nodeExecId}",
  tags: ["executions"],
  summary: "Approve or reject a pending review; the run resumes",
  security,
  middleware: [requireAuth("execute")] as const,
  request: { params: ReviewParam, body: { content: { "application/json": { schema: ReviewBody } } } },
  responses: { 200: json(Review, "The decided review"), 409: json(ErrorBody, "Already decided"), ...errors },
});

const rerun = createRoute({
  method: "post",
  path: "/executions/{id}/rerun",
  tags: ["executions"],
  summary: "Start a new run that reuses this run's upstream results and executes from a node on",
  security,
  middleware: [requireAuth("execute")] as const,
  request: { params: ExecIdParam, body: { content: { "application/json": { schema: RerunBody } } } },
  responses: { 202: json(Accepted, "The new run"), ...errors },
});

export const executionRoutes = newRouter();

const runOf = (env: Env, id: string) => {
  if (!isExecutionId(id)) throw notFound("Execution");
  return runStub(env, id);
};

executionRoutes.openapi(execute, async (c) => {
  const { id } = c.req.valid("param");
  const { wait } = c.req.valid("query");
  const body = c.req.valid("json") ?? { inputs: {} };
  const { executionId, run } = await startGraphRun(c.env, {
    ownerId: c.get("auth").userId,
    graphId: id,
    version: body.version,
    inputs: body.inputs ?? {},
    credentialsInputs: body.credentials_inputs,
    idempotencyKey: c.req.header("idempotency-key"),
    waitMs: wait !== undefined && wait > 0 ? wait * 1000 : undefined,
    trigger: { type: c.get("auth").via === "api_key" ? "api" : "manual" },
  });
  if (run) return c.json(run, 200);
  return c.json({ execution_id: executionId }, 202);
});

executionRoutes.openapi(listRuns, async (c) => {
  const { id } = c.req.valid("param");
  const { limit, cursor } = c.req.valid("query");
  const after = cursor ? decodeCursor(cursor) : undefined;
  const { userId } = c.get("auth");
  await requireOwnGraph(c.env.DB, userId, id);
  return c.json(pageBody(await listGraphExecutions(c.env.DB, userId, id, limit, after), summaryOfRow), 200);
});

executionRoutes.openapi(listAllRuns, async (c) => {
  const { limit, cursor, status, graph_id, trigger } = c.req.valid("query");
  const after = cursor ? decodeCursor(cursor) : undefined;
  const filter = { graphId: graph_id, status, trigger };
  return c.json(
    pageBody(await listExecutions(c.env.DB, c.get("auth").userId, filter, limit, after), summaryOfRow),
    200,
  );
});

executionRoutes.openapi(getRun, async (c) => {
  const view = await runOf(c.env, c.req.valid("param").id).view(c.get("auth").userId);
  if (!view) throw notFound("Execution");
  return c.json(view, 200);
});

executionRoutes.openapi(cancelRun, async (c) => {
  const view = await runOf(c.env, c.req.valid("param").id).cancel(c.get("auth").userId);
  if (!view) throw notFound("Execution");
  return c.json(view, 200);
});

executionRoutes.openapi(deleteRun, async (c) => {
  const deleted = await runOf(c.env, c.req.valid("param").id).destroy(c.get("auth").userId);
  if (!deleted) throw notFound("Execution");
  return c.body(null, 204);
});

executionRoutes.openapi(listReviews, async (c) => {
  const items = await runOf(c.env, c.req.valid("param").id).reviews(c.get("auth").userId);
  if (!items) throw notFound("Execution");
  return c.json({ items }, 200);
});

executionRoutes.openapi(decideReview, async (c) => {
  const { id, nodeExecId } = c.req.valid("param");
  const result = await runOf(c.env, id).review(c.get("auth").userId, nodeExecId, c.req.valid("json"));
  if (!result.ok) {
    if (result.error === "conflict") throw conflict("This review is already decided or the run is over");
    throw notFound("Review");
  }
  return c.json(result.review, 200);
});

executionRoutes.openapi(rerun, async (c) => {
  const { id } = c.req.valid("param");
  const { from_node_id } = c.req.valid("json");
  const { userId } = c.get("auth");
  const previous = await runOf(c.env, id).executionsForRerun(userId);
  if (!previous) throw notFound("Execution");
  // The rerun runs the run's own snapshot, but a graph (version) deleted since does not run again: execute,
  // schedules and webhooks refuse it too.
  await requireOwnGraph(c.env.DB, userId, previous.graphId, { version: previous.graphVersion });
  const graph = previous.graph as { nodes: { id: string }[]; links: unknown[] };
  if (!graph.nodes.some((n) => n.id === from_node_id)) {
    throw badRequest("Unknown node", [{ path: "from_node_id", message: "The run's graph has no such node" }]);
  }
  const executionId = crypto.randomUUID();
  const started = await runStub(c.env, executionId).start({
    executionId,
    ownerId: userId,
    graphId: previous.graphId,
    graphVersion: previous.graphVersion,
    graph: previous.graph as Parameters<GraphRunRpc["start"]>[0]["graph"],
    inputs: previous.inputs,
    reuse: { executions: previous.executions, fromNodeId: from_node_id },
  });
  if (!started.ok) throw startErrors(started.errors);
  return c.json({ execution_id: executionId }, 202);
});
