import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { z } from "zod";
import { type BlockContext, defineBlock } from "../contract";

/** Connects to an MCP server (streamable HTTP) through ctx.fetch, so the SSRF guard and limits apply. */
async function connect(ctx: BlockContext, url: string, headerName: string, headerValue: string) {
  const client = new Client(
    { name: "agentflare-mcp-tool", version: "1.0.0" },
    { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: headerValue ? { headers: { [headerName]: headerValue } } : {},
    fetch: (input, init) => ctx.fetch(input, { ...init, signal: ctx.signal }),
  });
  await client.connect(transport);
  return client;
}

/** Lists the tools of a configured MCP server, or calls one of them with the given arguments. */
export const mcpToolBlock = defineBlock({
  id: "6d3f1c2a-8b4e-4f7a-9c5d-2e1b0a9f8c71",
  name: "MCPToolBlock",
  description:
    "Calls a tool of an MCP server (streamable HTTP) with the given arguments and outputs its result; with no tool name it lists the server's tools. The request goes through the platform's SSRF guard.",
  categories: ["DEVELOPER_TOOLS", "AGENT"],
  input: z.object({
    server_url: z.string().url().describe("URL of the MCP server's streamable HTTP endpoint"),
    credentials: z.string().default("").meta({
      description: "Value of the authentication header sent to the server (e.g. 'Bearer <token>'); empty for none",
      secret: true,
    }),
    auth_header: z.string().default("Authorization").meta({
      description: "Name of the authentication header",
      advanced: true,
    }),
    tool_name: z.string().default("").describe("The tool to call; empty lists the server's tools"),
    arguments: z.record(z.string(), z.unknown()).default({}).describe("Arguments of the tool call"),
  }),
  output: z.object({
    tools: z
      .array(z.object({ name: z.string(), description: z.string(), input_schema: z.unknown() }))
      .describe("The server's tools (when no tool name is given)"),
    result: z.unknown().describe("The tool's structured result, else its text content"),
  }),
  async *run(input, ctx) {
    let client: Client;
    try {
      client = await connect(ctx, input.server_url, input.auth_header, input.credentials);
    } catch (e) {
      yield ["error", `Could not connect to the MCP server: ${e instanceof Error ? e.message : String(e)}`];
      return;
    }
    try {
      if (!input.tool_name) {
        const { tools } = await client.listTools();
        yield [
          "tools",
          tools.map((t) => ({ name: t.name, description: t.description ?? "", input_schema: t.inputSchema })),
        ];
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
