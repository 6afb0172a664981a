// The editor's MCP tool picker (`POST /api/v1/mcp/discover-tools`) against a real MCP server: the SDK's own server
// on 127.0.0.1 (test/fakes/mcp-server.mjs), which the SSRF guard lets through only because the operator named its
// host:port in OUTBOUND_ALLOW_HOSTS (vitest.config.ts). The same list applies to MCPToolBlock at run time; the same
// server under a spelling not on the list is refused by both. Credentials come from the caller's vault only.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MCP_TOOL_BLOCK_ID } from "../blocks/tools/mcp-tool";
import type { DiscoverToolsResult } from "../worker/mcp/discover-shapes";
import { BLOCK, createGraph, graphJson, newUser, runToEnd, uid } from "./engine-helpers";
import { FAKE_MCP_TOKEN } from "./fakes/mcp-server.mjs";
import { api, createApiKey } from "./helpers/auth";

const OPEN = `${env.FAKE_MCP_SERVER}/mcp`;
const PRIVATE = `${env.FAKE_MCP_SERVER}/private/mcp`;
const PORT = new URL(env.FAKE_MCP_SERVER).port;

async function discover(token: string, body: Record<string, unknown>) {
  const res = await api("/mcp/discover-tools", { token, json: body });
  return { status: res.status, body: (await res.json()) as DiscoverToolsResult };
}

async function saveCredential(token: string, body: Record<string, unknown>) {
  const res = await api("/credentials", { token, json: { title: "mcp", ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  const { id, provider, type, title } = (await res.json()) as {
    id: string;
    provider: string;
    type: string;
    title: string;
  };
  return { id, provider, type, title };
}

describe("listing an MCP server's tools for the picker", () => {
  it("lists every page of an allowed server's tools with their descriptions and schemas", async () => {
    const { token } = await newUser();
    const { status, body } = await discover(token, { server_url: OPEN });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      tools: [
        {
          name: "echo",
          description: "Echoes the text back",
          input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        },
        expect.objectContaining({ name: "add", description: "Adds two numbers" }),
      ],
    });
  });

  it("sends the caller's api_key credential (in the node's auth header) and never shows a wrong key", async () => {
    const { token } = await newUser();
    const good = await saveCredential(token, { provider: "mcp", type: "api_key", api_key: FAKE_MCP_TOKEN });
    const bearer = await discover(token, { server_url: PRIVATE, credentials: good });
    expect(bearer.body).toEqual({ ok: true, tools: [expect.objectContaining({ name: "secret_tool" })] });
    const header = await discover(token, { server_url: PRIVATE, credentials: good, auth_header: "X-API-Key" });
    expect(header.body.ok).toBe(true);

    // Without a credential the server refuses; with a wrong key too, and the key it echoes is cut out.
    const none = await discover(token, { server_url: PRIVATE });
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ ok: false, tools: [], message: expect.stringMatching(/connect/i) });
    const wrongKey = `wrong-${crypto.randomUUID()}`;
    const wrong = await saveCredential(token, { provider: "mcp", type: "api_key", api_key: wrongKey });
    const refused = await discover(token, { server_url: PRIVATE, credentials: wrong });
    expect(refused.body.ok).toBe(false);
    expect(refused.body.message).toContain("[redacted]");
    expect(JSON.stringify(refused.body)).not.toContain(wrongKey);
  });

  it("refuses the same server under host spellings the operator did not list, and private addresses", async () => {
    const { token } = await newUser();
    for (const url of [
      `http://${env.TEST_LOOPBACK_NAME}:${PORT}/mcp`,
      `http://[::ffff:127.0.0.1]:${PORT}/mcp`,
      "http://127.0.0.1:1/mcp",
      "http://169.254.169.254/mcp",
    ]) {
      const { status, body } = await discover(token, { server_url: url });
      expect(status, url).toBe(200);
      expect(body, url).toMatchObject({ ok: false, tools: [], message: expect.stringContaining("Blocked request") });
    }
  });

  it("reads credentials from the caller's own vault only, and only MCP ones", async () => {
    const owner = await newUser();
    const other = await newUser();
    const cred = await saveCredential(owner.token, { provider: "mcp", type: "api_key", api_key: FAKE_MCP_TOKEN });
    expect((await discover(other.token, { server_url: PRIVATE, credentials: cred })).status).toBe(404);
    const unknown = { ...cred, id: crypto.randomUUID() };
    expect((await discover(owner.token, { server_url: PRIVATE, credentials: unknown })).status).toBe(404);

    // A credential the body calls "mcp" but the vault holds as an OpenAI key is not sent anywhere.
    const openai = await saveCredential(owner.token, { provider: "openai", type: "api_key", api_key: "sk-x-1234" });
    const mislabelled = await discover(owner.token, {
      server_url: PRIVATE,
      credentials: { ...openai, provider: "mcp" },
    });
    expect(mislabelled.status).toBe(422);
    expect(
      (await discover(owner.token, { server_url: PRIVATE, credentials: { ...openai, provider: "openai" } })).status,
    ).toBe(400);
    expect((await discover(owner.token, { server_url: "ftp://example.com/mcp" })).status).toBe(400);
  });

  it("needs a sign-in and the write scope", async () => {
    const owner = await newUser();
    expect((await api("/mcp/discover-tools", { json: { server_url: OPEN } })).status).toBe(401);
    const readOnly = await createApiKey(owner.token, ["read", "execute"]);
    expect((await api("/mcp/discover-tools", { apiKey: readOnly.key, json: { server_url: OPEN } })).status).toBe(403);
    const writer = await createApiKey(owner.token, ["write"]);
    const res = await api("/mcp/discover-tools", { apiKey: writer.key, json: { server_url: OPEN } });
    expect(((await res.json()) as DiscoverToolsResult).ok).toBe(true);
  });
});

describe("OUTBOUND_ALLOW_HOSTS at run time", () => {
  it("lets MCPToolBlock reach a listed host and still refuses the same server under another spelling", async () => {
    const { token } = await newUser();
    const [allowed, refused, tools, error] = [uid("mcp"), uid("mcp"), uid("out"), uid("out")];
    const node = (id: string, server_url: string) => ({
      id,
      block_id: MCP_TOOL_BLOCK_ID,
      input_default: { server_url },
      metadata: { credentials_optional: true },
    });
    const graph = await createGraph(
      token,
      graphJson(
        "mcp allow list",
        [
          node(allowed, OPEN),
          node(refused, `http://${env.TEST_LOOPBACK_NAME}:${PORT}/mcp`),
          { id: tools, block_id: BLOCK.output, input_default: { name: "tools" } },
          { id: error, block_id: BLOCK.output, input_default: { name: "refused" } },
        ],
        [
          [allowed, "tools", tools, "value"],
          [refused, "error", error, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, graph.id);
    const { outputs } = run;
    const listed = (outputs.tools?.[0] ?? []) as { name: string }[];
    expect(listed.map((t) => t.name)).toEqual(["echo", "add"]);
    expect(String(outputs.refused?.[0])).toMatch(/Could not connect to the MCP server.*Blocked request/);
  });
});
