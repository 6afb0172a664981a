// MCPToolBlock against a real MCP server (our own /api/v1/mcp): lists its tools and calls one; the production
// SSRF guard refuses a private address.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { collectBlockOutputs } from "../blocks/runtime/execute";
import { createSafeFetch, DEFAULT_SAFE_FETCH_LIMITS } from "../blocks/runtime/safe-fetch";
import { createTestContext } from "../blocks/runtime/test-context";
import { mcpToolBlock } from "../blocks/tools/mcp-tool";
import { createGraph, graphJson, newUser, uid } from "./engine-helpers";
import { createApiKey } from "./helpers/auth";

const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";

describe("MCPToolBlock", () => {
  it("lists and calls the tools of an MCP server, sending the credentials header", async () => {
    const { token } = await newUser();
    const graph = await createGraph(
      token,
      graphJson("constant", [{ id: uid("out"), block_id: OUTPUT, input_default: { name: "answer", value: 42 } }], []),
    );
    const { key } = await createApiKey(token, ["execute"]);
    const ctx = createTestContext({ fetch: (input, init) => exports.default.fetch(new Request(input, init)) });
    const base = { server_url: "http://local.test/api/v1/mcp", credentials: key, auth_header: "X-API-Key" };

    const listed = await collectBlockOutputs(mcpToolBlock, base, ctx);
    expect(listed.outputs).toEqual([["tools", [expect.objectContaining({ name: graph.id })]]]);

    const called = await collectBlockOutputs(mcpToolBlock, { ...base, tool_name: graph.id, arguments: {} }, ctx);
    expect(called.outputs).toEqual([
      ["result", expect.objectContaining({ status: "COMPLETED", outputs: { answer: [42] } })],
    ]);

    const noKey = await collectBlockOutputs(mcpToolBlock, { ...base, credentials: "" }, ctx);
    expect(noKey.outputs[0]?.[0]).toBe("error");
  });

  it("refuses a private address through the SSRF guard", async () => {
    const ctx = createTestContext({
      fetch: createSafeFetch({ fetch: (r) => fetch(r), ...DEFAULT_SAFE_FETCH_LIMITS }),
    });
    const r = await collectBlockOutputs(mcpToolBlock, { server_url: "http://169.254.169.254/mcp" }, ctx);
    expect(r.outputs).toEqual([["error", expect.stringMatching(/Could not connect.*(blocked|private|not allowed)/i)]]);
  });
});
