// Opening a client to a node's MCP server: the vault credential becomes headers (mcp-auth), and every request
// goes through ctx.fetch, so the SSRF guard and limits apply. Shared by the block's run, by SmartDecisionMaker
// reading a tool's schema from the listing, and by the editor's tool picker (worker/mcp/discover-tools.ts).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import type { BlockContext } from "../contract";
import { mcpAuthHeaders } from "./mcp-auth";
import type { McpToolInfo } from "./mcp-shapes";

export type McpServer = { server_url: string; credentials?: { id: string } | undefined; auth_header: string };

/** What opening a client needs of a block context (the API's tool listing builds just this). */
export type McpClientContext = Pick<BlockContext, "credentials" | "fetch" | "signal">;

/** A listing longer than this many pages is cut off (a server paging forever cannot hold a run or a request). */
const MAX_LIST_PAGES = 20;

/**
 * A connected client, or why there is none (missing credential, credential not for this host, server down).
 * @example const open = await openMcpClient(ctx, input); if ("error" in open) yield ["error", open.error];
 */
export async function openMcpClient(
  ctx: McpClientContext,
  server: McpServer,
): Promise<{ client: Client } | { error: string }> {
  let headers: Record<string, string> = {};
  if (server.credentials) {
    const cred = await ctx.credentials.get(server.credentials.id);
    if (!cred) return { error: `Credentials ${server.credentials.id} are not available` };
    const auth = mcpAuthHeaders(cred, new URL(server.server_url), server.auth_header);
    if ("error" in auth) return auth;
    headers = auth.headers;
  }
  const client = new Client(
    { name: "agentflare-mcp-tool", version: "1.0.0" },
    { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  const transport = new StreamableHTTPClientTransport(new URL(server.server_url), {
    requestInit: { headers },
    fetch: (input, init) => ctx.fetch(input, { ...init, signal: ctx.signal }),
  });
  try {
    await client.connect(transport);
  } catch (e) {
    return { error: `Could not connect to the MCP server: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { client };
}

/**
 * Every tool of the server's listing (following its pages), as the block outputs them.
 * @example const tools = await listMcpTools(open.client); // [{name: "search", description: "...", input_schema: {...}}]
 */
export async function listMcpTools(client: Client): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const listed = await client.listTools(cursor === undefined ? {} : { cursor });
    for (const t of listed.tools)
      tools.push({ name: t.name, description: t.description ?? "", input_schema: t.inputSchema });
    cursor = listed.nextCursor;
    if (!cursor) break;
  }
  return tools;
}
