// MCP endpoint: the caller's agents as tools (worker/mcp/agents-server.ts). API key (or session) with `execute`.
// Beside it, the editor's tool picker: another MCP server's tools, listed for the caller (discover-tools.ts).
import { createRoute, z } from "@hono/zod-openapi";
import { handleMcpRequest } from "../mcp/agents-server";
import { DiscoverToolsRequest, DiscoverToolsResult } from "../mcp/discover-shapes";
import { discoverMcpTools } from "../mcp/discover-tools";
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

// AutoGPT names its equivalent POST /api/mcp/discover-tools. `write`, as testing a credential is: the caller's
// secret is sent to a server of their choosing from the editor.
const discoverTools = createRoute({
  method: "post",
  path: "/discover-tools",
  tags: ["mcp"],
  summary:
    "List another MCP server's tools (for MCPToolBlock's tool picker) with a credential of your vault, through the " +
    "SSRF guard a run uses; {ok: true, tools} or {ok: false, message}, never the secret",
  security,
  middleware: [requireAuth("write")] as const,
  request: {
    body: {
      ...json(DiscoverToolsRequest.openapi("DiscoverToolsRequest"), "The server and credential"),
      required: true,
    },
  },
  responses: {
    200: json(
      DiscoverToolsResult.openapi("DiscoverToolsResult"),
      "The server's tools, or why they could not be listed",
    ),
    400: json(ErrorBody, "Invalid request (details name the fields)"),
    401: json(ErrorBody, "Missing or invalid credentials"),
    403: json(ErrorBody, "The key lacks the write scope"),
    404: json(ErrorBody, "No such credential (or not yours)"),
    422: json(ErrorBody, "The credential cannot authenticate to an MCP server (another provider or type)"),
  },
});

mcpRoutes.openapi(discoverTools, async (c) => {
  return c.json(await discoverMcpTools(c.env, c.get("auth").userId, c.req.valid("json")), 200);
});
