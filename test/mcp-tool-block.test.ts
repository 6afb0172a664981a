// MCPToolBlock against a real MCP server (our own /api/v1/mcp): credentials come from the run owner's vault
// (api_key as a header, host_scoped headers only for their host); the production SSRF guard refuses a private
// address; as a SmartDecisionMaker tool the model sees the MCP tool's own schema and its call reaches the server.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { smartDecisionMakerBlock } from "../blocks/ai/smart-decision-maker";
import { fakeModelContext } from "../blocks/ai/test-model";
import type { BlockContext, ToolTarget } from "../blocks/contract";
import { collectBlockOutputs } from "../blocks/runtime/execute";
import { createSafeFetch, DEFAULT_SAFE_FETCH_LIMITS } from "../blocks/runtime/safe-fetch";
import { createTestContext } from "../blocks/runtime/test-context";
import { MCP_TOOL_BLOCK_ID, mcpToolBlock } from "../blocks/tools/mcp-tool";
import { readCredential } from "../durable-objects/vault-read";
import { createGraph, graphJson, newUser, uid } from "./engine-helpers";
import { api, createApiKey } from "./helpers/auth";

const INPUT = "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";
const SERVER = "http://local.test/api/v1/mcp";

/** A run owner's block context: the API reached in-process, credentials resolved from the real vault for `ownerId`. */
const ownerContext = (ownerId: string, extra: Partial<BlockContext> = {}) =>
  createTestContext({
    fetch: (input, init) => exports.default.fetch(new Request(input, init)),
    ...extra,
    credentials: {
      get: async (id) => (await extra.credentials?.get(id)) ?? readCredential(env, ownerId, id),
    },
  });

async function saveCredential(token: string, body: Record<string, unknown>) {
  const res = await api("/credentials", { token, json: body });
  expect(res.status, await res.clone().text()).toBe(201);
  const { id, provider, type } = (await res.json()) as { id: string; provider: string; type: string };
  return { id, provider, type };
}

/** A user with an echo agent (input `text` → output `echo`) and an API key for the MCP server. */
async function echoAgent() {
  const user = await newUser();
  const [inp, out] = [uid("in"), uid("out")];
  const graph = await createGraph(
    user.token,
    graphJson(
      "echo",
      [
        { id: inp, block_id: INPUT, input_default: { name: "text", description: "What to echo" } },
        { id: out, block_id: OUTPUT, input_default: { name: "echo" } },
      ],
      [[inp, "result", out, "value"]],
    ),
  );
  const { key } = await createApiKey(user.token, ["execute"]);
  return { ...user, graphId: graph.id, key };
}

describe("MCPToolBlock", () => {
  it("lists and calls tools with an api_key credential from the owner's vault", async () => {
    const alice = await echoAgent();
    const cred = await saveCredential(alice.token, { type: "api_key", provider: "mcp", api_key: alice.key });
    const ctx = ownerContext(alice.userId);
    const base = { server_url: SERVER, credentials: cred, auth_header: "X-API-Key" };

    const listed = await collectBlockOutputs(mcpToolBlock, base, ctx);
    expect(listed.outputs).toEqual([["tools", [expect.objectContaining({ name: alice.graphId })]]]);
    const called = await collectBlockOutputs(
      mcpToolBlock,
      { ...base, tool_name: alice.graphId, arguments: { text: "hi" } },
      ctx,
    );
    expect(called.outputs).toEqual([
      ["result", expect.objectContaining({ status: "COMPLETED", outputs: { echo: ["hi"] } })],
    ]);

    // Without credentials the server refuses; another user's credential id does not resolve for this owner.
    const noAuth = await collectBlockOutputs(mcpToolBlock, { server_url: SERVER }, ctx);
    expect(noAuth.outputs[0]?.[0]).toBe("error");
    const bob = await newUser();
    const stolen = await collectBlockOutputs(mcpToolBlock, base, ownerContext(bob.userId));
    expect(stolen.outputs).toEqual([["error", `Credentials ${cred.id} are not available`]]);
  });

  it("sends host_scoped headers only to the credential's host", async () => {
    const alice = await echoAgent();
    const good = await saveCredential(alice.token, {
      type: "host_scoped",
      provider: "mcp",
      host: "local.test",
      headers: { "X-API-Key": alice.key },
    });
    const elsewhere = await saveCredential(alice.token, {
      type: "host_scoped",
      provider: "mcp",
      host: "mcp.example.com",
      headers: { "X-API-Key": alice.key },
    });
    const ctx = ownerContext(alice.userId);
    const ok = await collectBlockOutputs(mcpToolBlock, { server_url: SERVER, credentials: good }, ctx);
    expect(ok.outputs[0]?.[0]).toBe("tools");
    const refused = await collectBlockOutputs(mcpToolBlock, { server_url: SERVER, credentials: elsewhere }, ctx);
    expect(refused.outputs).toEqual([["error", expect.stringMatching(/for host mcp\.example\.com, not local\.test/)]]);
  });

  it("refuses a private address through the SSRF guard", async () => {
    const ctx = createTestContext({
      fetch: createSafeFetch({ fetch: (r) => fetch(r), ...DEFAULT_SAFE_FETCH_LIMITS }),
    });
    const r = await collectBlockOutputs(mcpToolBlock, { server_url: "http://169.254.169.254/mcp" }, ctx);
    expect(r.outputs).toEqual([["error", expect.stringMatching(/Could not connect.*(blocked|private|not allowed)/i)]]);
  });

  /**
   * SmartDecisionMaker in agent mode with one MCP tool node (the echo agent on this platform's MCP server) set up
   * by `nodeSettings(listedTool)`: the tools the model was offered and the inputs the tool node ran with.
   */
  async function agentModeWithMcpTool(
    nodeSettings: (tool: { name: string; description: string; input_schema: unknown }) => Record<string, unknown>,
  ) {
    const alice = await echoAgent();
    const cred = await saveCredential(alice.token, { type: "api_key", provider: "mcp", api_key: alice.key });
    const server = { server_url: SERVER, credentials: cred, auth_header: "X-API-Key" };
    const listing = await collectBlockOutputs(mcpToolBlock, server, ownerContext(alice.userId));
    const tools = (listing.outputs[0]?.[1] ?? []) as { name: string; description: string; input_schema: unknown }[];
    const tool = tools[0];
    if (!tool) throw new Error("no tool listed");
    const nodeDefaults = { ...server, ...nodeSettings(tool) };
    const target: ToolTarget = {
      nodeId: "mcp-node",
      blockId: MCP_TOOL_BLOCK_ID,
      blockName: "MCPToolBlock",
      description: mcpToolBlock.description,
      inputSchema: {},
      customizedName: "echo_tool",
      fields: ["arguments"],
      inputDefault: nodeDefaults,
    };
    const seenTools: unknown[] = [];
    const ran: Record<string, unknown>[] = [];
    const replies = fakeModelContext([
      { toolCalls: [{ name: "echo_tool", arguments: { text: "from the model" } }] },
      "Done: echoed",
    ]);
    const models = replies.models;
    if (!models) throw new Error("fake model missing");
    const ctx = ownerContext(alice.userId, {
      ...replies,
      models: {
        ...models,
        operatorFetch: async (input, init) => {
          const request = new Request(input, init);
          const body = (await request.clone().json()) as { tools?: unknown[] };
          seenTools.push(...(body.tools ?? []));
          return models.operatorFetch(request);
        },
      },
      engine: {
        review: async () => undefined,
        runGraph: async () => {
          throw new Error("unused");
        },
        tools: () => [target],
        runTool: async (_nodeId, input) => {
          ran.push(input);
          const r = await collectBlockOutputs(mcpToolBlock, { ...nodeDefaults, ...input }, ownerContext(alice.userId));
          return { outputs: r.outputs, error: null };
        },
      },
    });
    const r = await collectBlockOutputs(
      smartDecisionMakerBlock,
      {
        prompt: "Echo 'from the model'",
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
        agent_mode_max_iterations: 3,
      },
      ctx,
    );
    expect(r.outputs.find(([pin]) => pin === "finished")?.[1]).toBe("Done: echoed");
    return { tool, seenTools, ran };
  }

  it("is a SmartDecisionMaker tool: the model sees the MCP tool's schema, its call runs the tool", async () => {
    const { seenTools, ran } = await agentModeWithMcpTool((tool) => ({
      tool_name: tool.name,
      tool_description: "Echoes a text",
      tool_input_schema: tool.input_schema as Record<string, unknown>,
    }));
    expect(seenTools).toContainEqual(
      expect.objectContaining({
        function: expect.objectContaining({
          name: "echo_tool",
          description: "Echoes a text",
          parameters: expect.objectContaining({ properties: expect.objectContaining({ text: expect.anything() }) }),
        }),
      }),
    );
    expect(ran).toEqual([{ arguments: { text: "from the model" } }]);
  });

  it("as a SmartDecisionMaker tool with only the tool's name, reads its schema and description from the server", async () => {
    const { tool, seenTools, ran } = await agentModeWithMcpTool((listed) => ({ tool_name: listed.name }));
    // Every model request offered the tool under the listing's schema (the agent loop asks the model twice).
    expect(seenTools.length).toBeGreaterThan(0);
    for (const offered of seenTools) {
      expect(offered).toEqual(
        expect.objectContaining({
          function: expect.objectContaining({
            name: "echo_tool",
            description: tool.description || `Calls the MCP tool ${tool.name}`,
            parameters: expect.objectContaining({ properties: expect.objectContaining({ text: expect.anything() }) }),
          }),
        }),
      );
    }
    expect(ran).toEqual([{ arguments: { text: "from the model" } }]);
  });
});
