// Secrets never leave where they belong: an API key, a session token, a credential's secret (used for real by an
// AI block against the fake provider), the password and the server's own keys appear in no log line (at debug
// level), no answer (success or error), no export, no run record, no WebSocket message (hub and run socket) and
// no D1 row in clear.
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import aiFunctionAgent from "../graph/fixtures/autogpt/ai_function_agent_516d813b.json";
import { api, createApiKey, signUp, TEST_PASSWORD } from "./helpers/auth";

const seen: string[] = [];

beforeAll(() => {
  // The suite runs silent; the Worker and the run objects share this env, so they log while we listen.
  (env as { LOG_LEVEL: string }).LOG_LEVEL = "debug";
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      seen.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});

afterAll(() => {
  (env as { LOG_LEVEL: string }).LOG_LEVEL = "silent";
  vi.restoreAllMocks();
});

async function socket(path: string, credential: string) {
  const res = await exports.default.fetch(
    new Request(`http://local.test/api/v1${path}?token=${encodeURIComponent(credential)}`, {
      headers: { Upgrade: "websocket" },
    }),
  );
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const messages: string[] = [];
  ws.addEventListener("message", (e) => {
    messages.push(String(e.data));
  });
  return { ws, messages };
}

const text = async (res: Response) => {
  const body = await res.text();
  seen.push(body);
  return body;
};

describe("secrets stay secret", () => {
  it("through a run that uses a credential, its sockets, its export and every error on the way", async () => {
    const owner = await signUp();
    const token = owner.token;
    const key = await createApiKey(token, ["read", "write", "execute"], "leak test");
    const secret = `sk-leak-${crypto.randomUUID()}`;
    const created = await api("/credentials", {
      token,
      json: { provider: "openai", type: "api_key", title: "openai key", api_key: secret },
    });
    const credential = JSON.parse(await text(created)) as { id: string; provider: string; type: string; title: string };

    const imported = await api("/graphs/import", { apiKey: key.key, json: aiFunctionAgent });
    const { graph } = JSON.parse(await text(imported)) as {
      graph: { id: string; credentials_input_schema: { properties: Record<string, unknown> } };
    };
    const hub = await socket("/ws", key.key);
    hub.ws.send(JSON.stringify({ method: "subscribe_graph_executions", data: { graph_id: graph.id } }));
    await expect.poll(() => hub.messages.some((m) => m.includes('"success":true'))).toBe(true);

    const meta = { id: credential.id, provider: "openai", type: "api_key", title: "openai key" };
    const fields = Object.keys(graph.credentials_input_schema.properties);
    const credentials_inputs = Object.fromEntries(fields.map((f) => [f, meta]));
    const ran = await api(`/graphs/${graph.id}/execute?wait=30`, {
      apiKey: key.key,
      json: { inputs: {}, credentials_inputs },
    });
    const run = JSON.parse(await text(ran)) as { id: string; status: string };
    expect(run.status).toBe("COMPLETED");
    const runSocket = await socket(`/executions/${run.id}/ws`, token);
    await expect.poll(() => runSocket.messages.length).toBeGreaterThan(0);
    await expect.poll(() => hub.messages.some((m) => m.includes("COMPLETED"))).toBe(true);

    // What the owner reads back.
    for (const path of [
      `/executions/${run.id}`,
      "/executions",
      `/graphs/${graph.id}/export`,
      `/graphs/${graph.id}`,
      `/credentials/${credential.id}`,
      "/credentials",
      "/api-keys",
      "/notifications",
    ]) {
      const res = await api(path, { token });
      expect(res.status, path).toBe(200);
      await text(res);
    }
    // Errors on the way: a wrong provider for the credential, a bad scheme, a revoked key, a bad login.
    await text(
      await api(`/graphs/${graph.id}/execute`, {
        token,
        json: {
          inputs: {},
          credentials_inputs: Object.fromEntries(fields.map((f) => [f, { ...meta, provider: "jina" }])),
        },
      }),
    );
    await text(await api("/auth/me", { headers: { Authorization: `Basic ${key.key}` } }));
    await text(await api("/auth/me", { headers: { Authorization: `Bearer ${token}x` } }));
    expect((await api(`/api-keys/${key.id}`, { token, method: "DELETE" })).status).toBe(204);
    const revoked = await api("/auth/me", { apiKey: key.key });
    expect(revoked.status).toBe(401);
    await text(revoked);
    await text(await api("/auth/login", { json: { email: "nobody@example.com", password: TEST_PASSWORD } }));
    await expect.poll(() => hub.ws.readyState).toBe(WebSocket.CLOSED);

    // Stored rows: the key is kept as a hash, the credential encrypted.
    for (const table of ["api_keys", "credentials", "executions", "graphs", "users"]) {
      const column = table === "users" ? "id" : "owner_id";
      const { results } = await env.DB.prepare(`SELECT * FROM ${table} WHERE ${column} = ?`).bind(owner.user.id).all();
      expect(results.length, table).toBeGreaterThan(0);
      seen.push(JSON.stringify(results));
    }

    const all = [...seen, ...hub.messages, ...runSocket.messages].join("\n");
    expect(all).toContain(run.id); // the collection holds what was said about the run
    expect(seen.some((line) => line.includes('"msg":"request"'))).toBe(true); // and the request log lines
    for (const leaked of [key.key, token, secret, TEST_PASSWORD, env.JWT_SECRET, env.CREDENTIALS_KEY as string]) {
      expect(all.includes(leaked), `leaked ${leaked.slice(0, 8)}…`).toBe(false);
    }
  });
});
