// The user's agents as MCP tools (`/api/v1/mcp`, streamable HTTP, stateless: one server per request, no session
// object). Each active graph is a tool named by its id whose input schema is the graph's input schema; calling
// it runs the agent (waiting up to 60 s) and returns its outputs.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { blockCatalog } from "../../blocks/catalog";
import { graphInputSchema } from "../../graph/io-schema";
import { ApiError } from "../errors";
import { startGraphRun } from "../executions/start";
import { listActiveGraphs, loadGraphForRun } from "../graphs/repository";

/** Most agents listed as tools (newest first). */
const MAX_TOOLS = 100;
const RUN_WAIT_MS = 60_000;

function agentsServer(env: Env, ownerId: string): Server {
  const server = new Server(
    { name: "agentflare-agents", version: "1.0.0" },
    { capabilities: { tools: {} }, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const { page } = await listActiveGraphs(env.DB, ownerId, MAX_TOOLS);
    const tools = await Promise.all(
      page.map(async (row) => {
        const graph = await loadGraphForRun(env.DB, ownerId, row.id, row.version);
        const schema = graph ? graphInputSchema(graph, blockCatalog) : { type: "object", properties: {} };
        return {
          name: row.id,
          title: row.name,
          description: row.description || `Runs the agent "${row.name}" and returns its outputs`,
          inputSchema: { ...schema, type: "object" as const },
        };
      }),
    );
    return { tools };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const inputs = (request.params.arguments ?? {}) as Record<string, unknown>;
    try {
      const { executionId, run } = await startGraphRun(env, {
        ownerId,
        graphId: request.params.name,
        inputs,
        waitMs: RUN_WAIT_MS,
      });
      if (!run) {
        return {
          isError: true,
          content: [{ type: "text" as const, text: `The agent is still running (execution ${executionId})` }],
        };
      }
      const result = { execution_id: executionId, status: run.status, outputs: run.outputs };
      return {
        isError: run.status !== "COMPLETED",
        content: [{ type: "text" as const, text: JSON.stringify(result) }],
        structuredContent: result,
      };
    } catch (e) {
      // Unknown agent or inputs that do not fit: the caller sees the API's message and field paths.
      if (e instanceof ApiError) {
        return {
          isError: true,
          content: [
            {
              type: "text" as const,
              text: JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } }),
            },
          ],
        };
      }
      throw e;
    }
  });
  return server;
}

/** Answers one MCP request (JSON responses, no SSE stream, no session id). */
export async function handleMcpRequest(env: Env, ownerId: string, request: Request): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  const server = agentsServer(env, ownerId);
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // The JSON answer is complete once handleRequest returns.
    await server.close();
  }
}
