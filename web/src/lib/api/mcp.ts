// Listing another MCP server's tools for MCPToolBlock's tool picker, parsed with the Worker's own shapes
// (worker/mcp/discover-shapes.ts: one definition for both sides).
import { type DiscoverToolsRequest, DiscoverToolsResult } from "../../../../worker/mcp/discover-shapes";
import { request } from "./http";

export type { McpToolInfo } from "../../../../blocks/tools/mcp-shapes";
export type { DiscoverToolsResult } from "../../../../worker/mcp/discover-shapes";

export const mcpServers = {
  /** {ok: true, tools} or {ok: false, message} (unreachable, refused by the SSRF guard, key rejected). */
  discoverTools: (body: DiscoverToolsRequest) => request(DiscoverToolsResult, "/mcp/discover-tools", { body }),
};
