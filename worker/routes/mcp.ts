// MCP endpoint: the caller's agents as tools (worker/mcp/agents-server.ts). API key (or session) with `execute`.
import { handleMcpRequest } from "../mcp/agents-server";
import { requireAuth } from "../middleware/auth";
import { newRouter } from "../router";

export const mcpRoutes = newRouter();

mcpRoutes.all("/", requireAuth("execute"), (c) => handleMcpRequest(c.env, c.get("auth").userId, c.req.raw));
