// MCP endpoint: the caller's agents as tools (worker/mcp/agents-server.ts). API key (or session) with `execute`.
import { handleMcpRequest } from "../mcp/agents-server";
import { requireAuth } from "../middleware/auth";
import { newRouter } from "../router";

export const mcpRoutes = newRouter();

mcpRoutes.all("/", requireAuth("execute"), async (c) => {
  // The JSON depth check (worker/middleware/json-depth.ts) has already read the body; hand the SDK a request
  // rebuilt from Hono's cached copy.
  const raw = c.req.raw;
  const request = raw.bodyUsed ? new Request(raw, { body: await c.req.text() }) : raw;
  return handleMcpRequest(c.env, c.get("auth").userId, request);
});
