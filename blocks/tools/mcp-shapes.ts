// Shapes MCPToolBlock shares with the API's tool listing (POST /api/v1/mcp/discover-tools) and the editor's tool
// picker: plain zod, no MCP SDK, so the editor bundle can import them.
import { z } from "zod";
import { credentialsField } from "../runtime/credentials-field";

/** One tool of an MCP server's listing, as the block outputs it and the picker shows it. */
export const McpToolInfo = z.object({
  name: z.string(),
  description: z.string(),
  input_schema: z.unknown(),
});
export type McpToolInfo = z.infer<typeof McpToolInfo>;

/** The providers and types an MCP server's credential may have. */
export const MCP_CREDENTIAL_PROVIDERS = ["mcp", "http"] as const;
export const MCP_CREDENTIAL_TYPES = ["api_key", "host_scoped"] as const;

/** The block's `credentials` pin (`{id, provider, type, title}`, never a secret). */
export const mcpCredentialsField = credentialsField({
  providers: MCP_CREDENTIAL_PROVIDERS,
  types: MCP_CREDENTIAL_TYPES,
  description: "The MCP server's credentials from your vault; leave unset for a server without authentication",
  discriminator: { field: "server_url" },
});

/** The header an API key goes in, as the block's `auth_header` pin. */
export const DEFAULT_MCP_AUTH_HEADER = "Authorization";
