// SmartDecisionMaker offers an MCP tool node under the tool's own schema. A node that names its tool but leaves
// `tool_input_schema` empty (the usual case: nobody copies a schema by hand) gets it, and the description, from
// its server's listing when the model is about to be asked: one listing per server, through the same guarded
// client as the block. A server that cannot be listed leaves the node as it is: the model then sees a single
// `arguments` object, and a call that fails reaches it as the tool's error.
import type { BlockContext, ToolTarget } from "../contract";
import { listMcpTools, type McpServer, openMcpClient } from "./mcp-connect";
import type { McpToolInfo } from "./mcp-shapes";
import { MCP_TOOL_BLOCK_ID, mcpToolBlock } from "./mcp-tool";

/** The node's settings when it names a tool whose schema it lacks, else null. */
function needsListing(target: ToolTarget) {
  if (target.blockId !== MCP_TOOL_BLOCK_ID || !target.fields.includes("arguments")) return null;
  const parsed = mcpToolBlock.input.safeParse(target.inputDefault);
  if (!parsed.success || !parsed.data.tool_name) return null;
  if (typeof parsed.data.tool_input_schema.properties === "object") return null;
  return parsed.data;
}

async function listTools(ctx: BlockContext, server: McpServer): Promise<McpToolInfo[]> {
  const open = await openMcpClient(ctx, server);
  if ("error" in open) return [];
  try {
    return await listMcpTools(open.client);
  } catch {
    return [];
  } finally {
    await open.client.close();
  }
}

/** The targets with each schema-less MCP tool node's schema filled from its server's listing. */
export async function withMcpToolSchemas(ctx: BlockContext, targets: ToolTarget[]): Promise<ToolTarget[]> {
  const listings = new Map<string, Promise<McpToolInfo[]>>();
  return Promise.all(
    targets.map(async (target) => {
      const node = needsListing(target);
      if (!node) return target;
      const key = JSON.stringify([node.server_url, node.credentials?.id ?? null, node.auth_header]);
      if (!listings.has(key)) listings.set(key, listTools(ctx, node));
      const tool = (await listings.get(key))?.find((t) => t.name === node.tool_name);
      if (!tool) return target;
      return {
        ...target,
        inputDefault: {
          ...target.inputDefault,
          tool_input_schema: tool.input_schema,
          tool_description: node.tool_description || tool.description || "",
        },
      };
    }),
  );
}
