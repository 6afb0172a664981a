// MCP endpoint: the caller's agents as tools (worker/mcp/agents-server.ts). API key (or session) with `execute`.
import { z } from "@hono/zod-openapi";
import { handleMcpRequest } from "../mcp/agents-server";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, json, security } from "../openapi";
import { newRouter } from "../router";

export const mcpRoutes = newRouter();

// Documented only: the MCP SDK reads and answers the JSON-RPC itself.
mcpRoutes.openAPIRegistry.registerPath({
  method: "post",
  path: "/",
  tags: ["mcp"],
  summary:
    "MCP server (streamable HTTP, JSON-RPC 2.0): your agents as tools (tools/list, tools/call runs the agent); `execute` scope",
  security,
  request: {
    body: {
      content: {
        "application/json": {
          schema: z
            .object({ jsonrpc: z.literal("2.0"), id: z.union([z.string(), z.number()]).optional(), method: z.string() })
            .passthrough()
            .openapi("McpJsonRpcRequest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "JSON-RPC response (application/json or text/event-stream)",
      content: {
        "application/json": { schema: z.object({}).passthrough() },
        "text/event-stream": { schema: z.string() },
      },
    },
    401: json(ErrorBody, "No API key or session"),
    403: json(ErrorBody, "The key lacks the execute scope"),
  },
});

mcpRoutes.all("/", requireAuth("execute"), async (c) => {
  // The JSON depth check (worker/middleware/json-depth.ts) has already read the body; hand the SDK a request
  // rebuilt from Hono's cached copy.
  const raw = c.req.raw;
  const request = raw.bodyUsed ? new Request(raw, { body: await c.req.text() }) : raw;
  return handleMcpRequest(c.env, c.get("auth").userId, request);
});
