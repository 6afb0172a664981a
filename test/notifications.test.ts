// Run ends create notifications (listed, marked read, pushed on the user's socket) and completion callbacks
// (signed, through the JOBS queue, retried after a failing receiver, delivered once). The receiver is a real HTTP
// server on loopback (test/fakes/receiver.mjs), reachable only because OUTBOUND_ALLOW_HOSTS names its host:port.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverCallback } from "../worker/jobs/callback";
import { hmacHex } from "../worker/jobs/hmac";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, createApiKey, signUp } from "./helpers/auth";

async function echoGraph(token: string) {
  const [input, output] = [uid("in"), uid("out")];
  return createGraph(
    token,
    graphJson(
      "echo",
      [
        { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
        { id: output, block_id: BLOCK.output, input_default: { name: "echo" } },
      ],
      [[input, "result", output, "value"]],
    ),
  );
}

/** Whether a delivery's `X-Agentflare-Signature` is the HMAC of its body under `secret`. */
async function signedWith(secret: string, { body, signature }: { body: string; signature: string }) {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
  return v1 === (await hmacHex(secret, `${t}.${body}`));
}

type Received = { calls: number; received: { body: string; signature: string }[] };
const receiverBox = async (box: string) => (await (await fetch(`${env.FAKE_RECEIVER}/r/${box}`)).json()) as Received;

type Note = { id: string; kind: string; payload: Record<string, unknown>; read_at: string | null };

describe("notifications", () => {
  it("a finished run creates a notification, pushed live on the socket; mark read", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const res = await api("/ws", { token, headers: { Upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket as WebSocket;
    ws.accept();
    const pushed: Note[] = [];
    ws.addEventListener("message", (e) => {
      const msg = JSON.parse(e.data as string) as { method: string; data: Note };
      if (msg.method === "notification") pushed.push(msg.data);
    });
    const run = await api(`/graphs/${graph.id}/execute?wait=10`, { token, json: { inputs: { text: "hi" } } });
    const { id: executionId } = (await run.json()) as { id: string };
    await expect.poll(() => pushed.length, { timeout: 10_000 }).toBe(1);
    expect(pushed[0]).toMatchObject({
      kind: "run_finished",
      payload: { execution_id: executionId, graph_id: graph.id, status: "COMPLETED", trigger: { type: "manual" } },
      read_at: null,
    });
    const list = (await (await api("/notifications", { token })).json()) as { items: Note[]; unread: number };
    expect(list.unread).toBe(1);
    expect(list.items.map((n) => n.id)).toEqual([pushed[0]?.id]);
    expect((await api(`/notifications/${pushed[0]?.id}/read`, { token, method: "POST" })).status).toBe(204);
    const after = (await (await api("/notifications", { token })).json()) as { items: Note[]; unread: number };
    expect(after.unread).toBe(0);
    expect(after.items[0]?.read_at).not.toBeNull();
    const other = await signUp();
    expect((await api(`/notifications/${pushed[0]?.id}/read`, { token: other.token, method: "POST" })).status).toBe(
      404,
    );
    ws.close();
  });
});

describe("completion callbacks", () => {
  it("refuses a private callback address, unless the operator allows its host:port", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const receiverPort = new URL(env.FAKE_RECEIVER).port;
    for (const url of ["http://127.0.0.1/x", `http://127.0.0.1:${Number(receiverPort) + 1}/x`, "http://10.0.0.7/x"]) {
      const res = await api(`/graphs/${graph.id}/callback`, { token, method: "PUT", json: { url } });
      expect(res.status, url).toBe(400);
      expect(await res.json()).toMatchObject({ error: { details: [{ path: "url" }] } });
    }
    const allowed = await api(`/graphs/${graph.id}/callback`, {
      token,
      method: "PUT",
      json: { url: `${env.FAKE_RECEIVER}/r/allowed` },
    });
    expect(allowed.status).toBe(200);
  });

  it("retries after a failing receiver, then delivers once, signed", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const box = `flaky-${crypto.randomUUID()}`;
    const set = await api(`/graphs/${graph.id}/callback`, {
      token,
      method: "PUT",
      json: { url: `${env.FAKE_RECEIVER}/r/${box}` },
    });
    expect(set.status).toBe(200);
    const { signing_secret } = (await set.json()) as { signing_secret: string };
    const run = await api(`/graphs/${graph.id}/execute?wait=10`, { token, json: { inputs: { text: "hi" } } });
    const { id: executionId } = (await run.json()) as { id: string };
    // The receiver answers 503 to its first call: the queue retries, then it is delivered once.
    const seen = () => receiverBox(box);
    await expect.poll(async () => (await seen()).received.length, { timeout: 25_000, interval: 200 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    const { calls, received } = await seen();
    expect(received).toHaveLength(1);
    expect(calls).toBe(2);
    const [delivery] = received as [Received["received"][0]];
    expect(JSON.parse(delivery.body)).toMatchObject({ event: "run.finished", id: executionId, status: "COMPLETED" });
    expect(await signedWith(signing_secret, delivery)).toBe(true);
  }, 40_000);

  it("a read-only API key sees the callback URL but not the signing secret (it could forge callbacks)", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const url = `${env.FAKE_RECEIVER}/r/scoped-${crypto.randomUUID()}`;
    const set = await api(`/graphs/${graph.id}/callback`, { token, method: "PUT", json: { url } });
    expect(set.status).toBe(200);
    const { signing_secret } = (await set.json()) as { signing_secret: string };
    expect(signing_secret).toMatch(/^[0-9a-f]{64}$/);
    const view = async (auth: { token: string } | { apiKey: string }) => {
      const res = await api(`/graphs/${graph.id}/callback`, auth);
      expect(res.status).toBe(200);
      return res.json();
    };
    for (const scopes of [["read"], ["read", "execute"]] as const) {
      const { key } = await createApiKey(token, [...scopes]);
      expect(await view({ apiKey: key }), scopes.join("+")).toEqual({ url, signing_secret: null });
    }
    const { key: writer } = await createApiKey(token, ["read", "write"]);
    expect(await view({ apiKey: writer })).toEqual({ url, signing_secret });
    expect(await view({ token })).toEqual({ url, signing_secret });
  });

  it("rotating the signing secret signs later deliveries, queued ones included, with the new one only", async () => {
    const owner = await signUp();
    const other = await signUp();
    const graph = await echoGraph(owner.token);
    const otherGraph = await echoGraph(other.token);
    const box = `rotate-${crypto.randomUUID()}`;
    const set = await api(`/graphs/${graph.id}/callback`, {
      token: owner.token,
      method: "PUT",
      json: { url: `${env.FAKE_RECEIVER}/r/${box}` },
    });
    const { signing_secret: old } = (await set.json()) as { signing_secret: string };
    const otherSecret = async () =>
      (
        (await (await api(`/graphs/${otherGraph.id}/callback`, { token: other.token })).json()) as {
          signing_secret: string;
        }
      ).signing_secret;
    const otherBefore = await otherSecret();
    // A delivery already queued names the owner, not a secret: it is signed at delivery time.
    const queued = {
      kind: "run.callback" as const,
      owner_id: owner.user.id,
      execution_id: crypto.randomUUID(),
      url: `${env.FAKE_RECEIVER}/r/${box}`,
      body: { event: "run.finished", queued: true },
    };

    const { key: reader } = await createApiKey(owner.token, ["read", "execute"]);
    expect((await api("/callbacks/rotate-secret", { apiKey: reader, method: "POST" })).status).toBe(403);
    const rotated = await api("/callbacks/rotate-secret", { token: owner.token, method: "POST" });
    expect(rotated.status).toBe(200);
    const { signing_secret: fresh } = (await rotated.json()) as { signing_secret: string };
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(old);
    const shown = await api(`/graphs/${graph.id}/callback`, { token: owner.token });
    expect(((await shown.json()) as { signing_secret: string }).signing_secret).toBe(fresh);
    expect(await otherSecret()).toBe(otherBefore);

    await deliverCallback(env, queued);
    const run = await api(`/graphs/${graph.id}/execute?wait=10`, {
      token: owner.token,
      json: { inputs: { text: "hi" } },
    });
    const { id: executionId } = (await run.json()) as { id: string };
    await expect.poll(async () => (await receiverBox(box)).received.length, { timeout: 25_000, interval: 200 }).toBe(2);
    const [early, later] = (await receiverBox(box)).received as [Received["received"][0], Received["received"][0]];
    expect(JSON.parse(early.body)).toMatchObject({ queued: true });
    expect(JSON.parse(later.body)).toMatchObject({ event: "run.finished", id: executionId });
    for (const delivery of [early, later]) {
      expect(await signedWith(fresh, delivery)).toBe(true);
      expect(await signedWith(old, delivery)).toBe(false);
    }

    // A write key may rotate too; each rotation ends the one before.
    const { key: writer } = await createApiKey(owner.token, ["write"]);
    const again = await api("/callbacks/rotate-secret", { apiKey: writer, method: "POST" });
    expect(again.status).toBe(200);
    const { signing_secret: third } = (await again.json()) as { signing_secret: string };
    expect(new Set([old, fresh, third]).size).toBe(3);
    expect(await otherSecret()).toBe(otherBefore);
  }, 40_000);

  it("retries, not drops, a callback whose address could not be checked (local mode's resolver down)", async () => {
    const down = { ...env, SSRF_RESOLVER_URL: "http://127.0.0.1:1/resolve" } as unknown as Env;
    const job = {
      kind: "run.callback" as const,
      owner_id: "nobody",
      execution_id: crypto.randomUUID(),
      url: "http://receiver.example.test/hook",
      body: { event: "run.finished" },
    };
    await expect(deliverCallback(down, job)).rejects.toThrow(/not checked yet/);
  });
});
