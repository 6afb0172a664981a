// POST /graphs/{id}/nodes/{nodeId}/run: one node of a saved graph run on its own with given inputs.
import { createRoute, z } from "@hono/zod-openapi";
import { runOneNode } from "../executions/run-node";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, pathParam, security } from "../openapi";
import { newRouter } from "../router";

const Params = IdParam.extend({ nodeId: pathParam("nodeId") });
const Body = z
  .object({
    inputs: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("Pin values for this run, over the node's saved input_default"),
    version: z.number().int().positive().optional().describe("Graph version; the active one when absent"),
  })
  .openapi("RunNode");

const runNode = createRoute({
  method: "post",
  path: "/graphs/{id}/nodes/{nodeId}/run",
  tags: ["executions"],
  summary: "Run one node on its own (its saved inputs, overridden by `inputs`); follow it as any run",
  security,
  middleware: [requireAuth("execute")] as const,
  request: { params: Params, body: { content: { "application/json": { schema: Body } }, required: false } },
  responses: {
    202: json(z.object({ execution_id: z.string() }), "The one-node run is recorded and running"),
    400: json(ErrorBody, "Inputs missing or invalid (paths `inputs.<pin>`)"),
    401: json(ErrorBody, "Not authenticated"),
    404: json(ErrorBody, "No such graph, version or node (or not yours)"),
  },
});

export const nodeRunRoutes = newRouter();

nodeRunRoutes.openapi(runNode, async (c) => {
  const { id, nodeId } = c.req.valid("param");
  const body = c.req.valid("json") ?? { inputs: {} };
  const { executionId } = await runOneNode(c.env, {
    ownerId: c.get("auth").userId,
    graphId: id,
    nodeId,
    version: body.version,
    inputs: body.inputs ?? {},
  });
  return c.json({ execution_id: executionId }, 202);
});
