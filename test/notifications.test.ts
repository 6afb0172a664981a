// Run ends create notifications (listed, marked read, pushed on the user's socket) and completion callbacks
// (signed, through the JOBS queue, retried after a failing receiver, delivered once). The receiver is a real HTTP
// server on loopback (test/fakes/receiver.mjs), reachable only because OUTBOUND_ALLOW_HOSTS names its host:port.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverCallback } from "../worker/jobs/callback";
import { hmacHex } from "../worker/jobs/hmac";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

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
    const seen = async () =>
      (await (await fetch(`${env.FAKE_RECEIVER}/r/${box}`)).json()) as {
        calls: number;
        received: { body: string; signature: string }[];
      };
    await expect.poll(async () => (await seen()).received.length, { timeout: 25_000, interval: 200 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    const { calls, received } = await seen();
    expect(received).toHaveLength(1);
    expect(calls).toBe(2);
    const [{ body, signature }] = received as [{ body: string; signature: string }];
    expect(JSON.parse(body)).toMatchObject({ event: "run.finished", id: executionId, status: "COMPLETED" });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(v1).toBe(await hmacHex(signing_secret, `${t}.${body}`));
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
