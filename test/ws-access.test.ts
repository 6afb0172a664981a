// Live sockets end with the access they were opened with: a revoked API key closes its sockets (and cannot
// subscribe again), an expired token's socket is closed at expiry, and one user holds at most
// MAX_SOCKETS_PER_USER sockets (429 past it).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signSession } from "../worker/auth/session-jwt";
import { newUser } from "./engine-helpers";
import { api, createApiKey } from "./helpers/auth";

type Message = { method: string; success?: boolean; error?: string };

const upgrade = (query: string) =>
  exports.default.fetch(new Request(`http://local.test/api/v1/ws?${query}`, { headers: { Upgrade: "websocket" } }));

async function open(query: string) {
  const res = await upgrade(query);
  if (res.status !== 101) throw new Error(`upgrade failed: ${res.status}`);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const messages: Message[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.addEventListener("message", (e) => messages.push(JSON.parse(String(e.data)) as Message));
  ws.addEventListener("close", (e) => {
    closed = { code: e.code, reason: e.reason };
  });
  return {
    ws,
    messages,
    closed: () => closed,
    send: (method: string, data: unknown = {}) => ws.send(JSON.stringify({ method, data })),
  };
}

describe("socket access", () => {
  it("closes a revoked key's sockets at once and refuses its subscriptions", async () => {
    const { token } = await newUser();
    const key = await createApiKey(token, ["read"]);
    const socket = await open(`token=${encodeURIComponent(key.key)}`);
    socket.send("subscribe_graph_executions", { graph_id: "g1" });
    await expect.poll(() => socket.messages.some((m) => m.success === true)).toBe(true);

    expect((await api(`/api-keys/${key.id}`, { token, method: "DELETE" })).status).toBe(204);
    await expect.poll(() => socket.closed()).toEqual({ code: 4401, reason: "Access ended: API key revoked" });
  });

  it("refuses a subscription on the next message when the key was revoked elsewhere", async () => {
    const { token, userId } = await newUser();
    const key = await createApiKey(token, ["read"]);
    const socket = await open(`token=${encodeURIComponent(key.key)}`);
    // Revoked straight in D1 (as another isolate's request would), so no close was pushed to the hub.
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND owner_id = ?")
      .bind(new Date().toISOString(), key.id, userId)
      .run();
    socket.send("subscribe_graph_executions", { graph_id: "g1" });
    await expect.poll(() => socket.closed()?.code).toBe(4401);
    expect(socket.messages).toContainEqual(
      expect.objectContaining({ success: false, error: "Access ended: API key revoked" }),
    );
    expect(socket.messages.some((m) => m.success === true)).toBe(false);
  });

  it("closes a session's socket when its token expires", async () => {
    const { userId } = await newUser();
    const shortLived = await signSession({ ...env, JWT_TTL_SECONDS: "1" } as unknown as Env, userId);
    const socket = await open(`token=${encodeURIComponent(shortLived)}`);
    await new Promise((r) => setTimeout(r, 1100));
    await runDurableObjectAlarm(env.EVENT_HUB.get(env.EVENT_HUB.idFromName(userId)));
    await expect.poll(() => socket.closed()).toEqual({ code: 4401, reason: "Access ended: token expired" });
  });

  it("caps sockets per user with 429", async () => {
    const { token } = await newUser();
    const cap = Number(env.MAX_SOCKETS_PER_USER);
    const sockets = [];
    for (let i = 0; i < cap; i++) sockets.push(await open(`token=${encodeURIComponent(token)}`));
    const refused = await upgrade(`token=${encodeURIComponent(token)}`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("too_many_sockets");
    // Another user is not affected; a closed socket frees its place.
    const other = await newUser();
    expect((await upgrade(`token=${encodeURIComponent(other.token)}`)).status).toBe(101);
    sockets[0]?.ws.close();
    await expect.poll(async () => (await upgrade(`token=${encodeURIComponent(token)}`)).status).toBe(101);
  });
});
