import { z } from "zod";
import { defineBlock } from "../contract";
import { listMcpTools, openMcpClient } from "./mcp-connect";
import { DEFAULT_MCP_AUTH_HEADER, McpToolInfo, mcpCredentialsField } from "./mcp-shapes";

export const MCP_TOOL_BLOCK_ID = "6d3f1c2a-8b4e-4f7a-9c5d-2e1b0a9f8c71";

/** Lists the tools of a configured MCP server, or calls one of them with the given arguments. */
export const mcpToolBlock = defineBlock({
  id: MCP_TOOL_BLOCK_ID,
  name: "MCPToolBlock",
  description:
    "Calls a tool of an MCP server (streamable HTTP) with the given arguments and outputs its result; with no tool name it lists the server's tools. Authenticates with a credential from your vault (an API key sent as a bearer token, or host-scoped headers for the server's host). The request goes through the platform's SSRF guard. As a SmartDecisionMaker tool (link a tool pin to `arguments`), the model sees the tool's name, description and input schema (read from the server's listing when `tool_input_schema` is left empty).",
  categories: ["DEVELOPER_TOOLS", "AGENT"],
  input: z.object({
    server_url: z.string().url().describe("URL of the MCP server's streamable HTTP endpoint"),
    credentials: mcpCredentialsField.optional(),
    auth_header: z.string().default(DEFAULT_MCP_AUTH_HEADER).meta({
      description: "Header an API key goes in (Authorization sends 'Bearer <key>')",
      advanced: true,
    }),
    tool_name: z.string().default("").describe("The tool to call; empty lists the server's tools"),
    arguments: z.record(z.string(), z.unknown()).default({}).describe("Arguments of the tool call"),
    tool_description: z.string().default("").meta({
      description: "The tool's description (from the listing), shown to SmartDecisionMaker's model",
      advanced: true,
    }),
    tool_input_schema: z.record(z.string(), z.unknown()).default({}).meta({
      description:
        "The tool's input JSON Schema: SmartDecisionMaker's model fills `arguments` by it (left empty, it is read from the server's listing)",
      advanced: true,
    }),
  }),
  output: z.object({
    tools: z.array(McpToolInfo).describe("The server's tools (when no tool name is given)"),
    result: z.unknown().describe("The tool's structured result, else its text content"),
  }),
  async *run(input, ctx) {
    const open = await openMcpClient(ctx, input);
    if ("error" in open) {
      yield ["error", open.error];
      return;
    }
    const { client } = open;
    try {
      if (!input.tool_name) {
        yield ["tools", await listMcpTools(client)];
        return;
      }
      const called = await client.callTool({ name: input.tool_name, arguments: input.arguments });
      const content = Array.isArray(called.content) ? called.content : [];
      const text = content
        .filter((c): c is { type: "text"; text: string } => c?.type === "text")
        .map((c) => c.text)
        .join("\n");
      if (called.isError) {
        yield ["error", text || `Tool ${input.tool_name} failed`];
        return;
      }
      yield ["result", called.structuredContent ?? text];
    } catch (e) {
      yield ["error", `MCP call failed: ${e instanceof Error ? e.message : String(e)}`];
    } finally {
      await client.close();
    }
  },
  tests: [
    {
      name: "the server's address goes through ctx.fetch (refused here: the test context has no network)",
      input: { server_url: "http://127.0.0.1:9/mcp", tool_name: "" },
      expect: [["error", (v: unknown) => String(v).startsWith("Could not connect to the MCP server")]],
    },
  ],
});
