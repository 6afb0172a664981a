// A run's own socket (/api/v1/executions/:id/ws) ends with its access just as the hub socket does: a revoked API key
// closes it at once (or on its next message when the revocation bypassed the API), an expired token closes it at
// expiry, and MAX_SOCKETS_PER_USER counts run sockets and hub sockets together (429 past it).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signSession } from "../worker/auth/session-jwt";
import { createReviewGraph, execute, newUser } from "./engine-helpers";
import { api, createApiKey } from "./helpers/auth";
import { upgrade as upgradeSocket } from "./helpers/run-socket-client";

const upgrade = (path: string, token: string) => upgradeSocket(`${path}?token=${encodeURIComponent(token)}`);

async function open(path: string, token: string) {
  const res = await upgrade(path, token);
  if (res.status !== 101) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const messages: { type?: string }[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(String(e.data)));
  });
  ws.addEventListener("close", (e) => {
    closed = { code: e.code, reason: e.reason };
  });
  return { ws, messages, closed: () => closed };
}

/** A run that waits in review (it stays open for as long as the test needs). */
async function waitingRun(token: string) {
  const graph = await createReviewGraph(token);
  const res = await execute(token, graph.id, { draft: "hello" }, 5);
  const body = (await res.json()) as { execution_id?: string; id?: string };
  return (body.execution_id ?? body.id) as string;
}

describe("a run's socket ends with its access", () => {
  it("closes when its API key is revoked", async () => {
    const { token } = await newUser();
    const key = await createApiKey(token, ["read"]);
    const runId = await waitingRun(token);
    const socket = await open(`/executions/${runId}/ws`, key.key);
    await expect.poll(() => socket.messages.some((m) => m.type === "snapshot")).toBe(true);
    expect((await api(`/api-keys/${key.id}`, { token, method: "DELETE" })).status).toBe(204);
    await expect.poll(() => socket.closed()).toEqual({ code: 4401, reason: "Access ended: API key revoked" });
  });

  it("closes on its next message when the key was revoked behind the API's back", async () => {
    const { token, userId } = await newUser();
    const key = await createApiKey(token, ["read"]);
    const runId = await waitingRun(token);
    const socket = await open(`/executions/${runId}/ws`, key.key);
    await expect.poll(() => socket.messages.some((m) => m.type === "snapshot")).toBe(true);
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND owner_id = ?")
      .bind(new Date().toISOString(), key.id, userId)
      .run();
    // Not the exact heartbeat text, so the object (not the runtime) answers it and re-checks the key.
    socket.ws.send('{ "type": "ping" }');
    await expect.poll(() => socket.closed()).toEqual({ code: 4401, reason: "Access ended: API key revoked" });
  });

  it("closes when its session token expires", async () => {
    const { token, userId } = await newUser();
    const runId = await waitingRun(token);
    const shortLived = await signSession({ ...env, JWT_TTL_SECONDS: "1" } as unknown as Env, userId);
    const socket = await open(`/executions/${runId}/ws`, shortLived);
    await new Promise((r) => setTimeout(r, 1100));
    await runDurableObjectAlarm(env.EVENT_HUB.get(env.EVENT_HUB.idFromName(userId)));
    await expect.poll(() => socket.closed()).toEqual({ code: 4401, reason: "Access ended: token expired" });
    // A client cannot steer the hub's controls to close other sockets: the header is dropped on the way in.
    const other = await open(`/executions/${runId}/ws`, token);
    const spoof = await exports.default.fetch(
      new Request(`http://local.test/api/v1/executions/${runId}/ws?token=${encodeURIComponent(token)}`, {
        headers: {
          Upgrade: "websocket",
          "x-agentflare-socket-control": JSON.stringify({ userId, expiredBy: Number.MAX_SAFE_INTEGER }),
        },
      }),
    );
    expect(spoof.status).toBe(101);
    (spoof.webSocket as WebSocket).accept();
    await new Promise((r) => setTimeout(r, 100));
    expect(other.closed()).toBeUndefined();
  });

  it("counts run sockets and hub sockets under one cap per user", async () => {
    const { token } = await newUser();
    const runId = await waitingRun(token);
    const cap = Number(env.MAX_SOCKETS_PER_USER);
    const sockets = [await open("/ws", token)];
    for (let i = 1; i < cap; i++) sockets.push(await open(`/executions/${runId}/ws`, token));
    const refusedRun = await upgrade(`/executions/${runId}/ws`, token);
    expect(refusedRun.status).toBe(429);
    expect(((await refusedRun.json()) as { error: { code: string } }).error.code).toBe("too_many_sockets");
    expect((await upgrade("/ws", token)).status).toBe(429);
    // A closed run socket frees its place.
    sockets[1]?.ws.close();
    await expect.poll(async () => (await upgrade(`/executions/${runId}/ws`, token)).status).toBe(101);
  });
});
