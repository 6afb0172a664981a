// POST /api/v1/mcp/discover-tools: request and answer, defined once for the route (and its OpenAPI entry) and the
// editor's tool picker (web/src/lib/api). Plain zod, so the editor bundle needs neither Hono nor the MCP SDK.
import { z } from "zod";
import { DEFAULT_MCP_AUTH_HEADER, McpToolInfo, mcpCredentialsField } from "../../blocks/tools/mcp-shapes";

export const DiscoverToolsRequest = z.object({
  server_url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .describe("The MCP server's streamable HTTP endpoint"),
  credentials: mcpCredentialsField.optional().describe("A credential of your vault (provider mcp or http)"),
  auth_header: z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid HTTP header name")
    .max(100)
    .default(DEFAULT_MCP_AUTH_HEADER)
    .describe("Header an API key goes in, as the node's auth_header"),
});
export type DiscoverToolsRequest = z.input<typeof DiscoverToolsRequest>;

export const DiscoverToolsResult = z.object({
  ok: z.boolean().describe("Whether the server was reached and listed its tools"),
  tools: z.array(McpToolInfo).describe("The server's tools (empty when ok is false)"),
  message: z.string().optional().describe("Why the listing failed, short (never the secret)"),
});
export type DiscoverToolsResult = z.infer<typeof DiscoverToolsResult>;
