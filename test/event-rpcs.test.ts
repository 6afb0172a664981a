// A run nobody listens to sends its owner's event hub nothing: no node events, no run events, no notification
// push (the notification is still stored). With a socket open, the notification reaches it, also for a run that
// started before the socket opened.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, execute, graphJson, newUser, uid } from "./engine-helpers";
import { api } from "./helpers/auth";

const hubOf = (userId: string) => env.EVENT_HUB.get(env.EVENT_HUB.idFromName(userId));
const hubCalls = (userId: string) => runInDurableObject(hubOf(userId), (hub) => hub.eventCalls);

/** A run that waits on I/O for `ms` (so it announces its start and commits steps), then outputs. */
async function sleepyGraph(token: string, ms: number) {
  const [sleep, out] = [uid("sleep"), uid("out")];
  return createGraph(
    token,
    graphJson(
      "sleepy",
      [
        { id: sleep, block_id: BLOCK.sleep, input_default: { ms, value: "done" } },
        { id: out, block_id: BLOCK.output, input_default: { name: "result" } },
      ],
      [[sleep, "value", out, "value"]],
    ),
  );
}

const notificationsOf = async (token: string) =>
  ((await (await api("/notifications", { token })).json()) as { items: { payload: { execution_id: string } }[] }).items;

async function openHubSocket(token: string) {
  const res = await api("/ws", { token, headers: { Upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const notified: string[] = [];
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data as string) as { method: string; data: { payload: { execution_id: string } } };
    if (msg.method === "notification") notified.push(msg.data.payload.execution_id);
  });
  return { ws, notified };
}

describe("event RPCs", () => {
  it("a run nobody listens to makes 0 event RPCs; its notification is still stored", async () => {
    const { token, userId } = await newUser();
    const graph = await sleepyGraph(token, 150);
    const res = await execute(token, graph.id, {}, 10);
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    // The notification is written with the run's index row: once it is listed, the run's end was handled.
    await expect.poll(async () => (await notificationsOf(token)).map((n) => n.payload.execution_id)).toEqual([id]);
    expect(await hubCalls(userId)).toBe(0);
  });

  it("with a socket open, the notification is pushed, also for a run started before it opened", async () => {
    const { token, userId } = await newUser();
    const graph = await sleepyGraph(token, 400);
    const started = await execute(token, graph.id);
    expect(started.status).toBe(202);
    const { execution_id: id } = (await started.json()) as { execution_id: string };
    const { ws, notified } = await openHubSocket(token);
    await expect.poll(() => notified, { timeout: 10_000 }).toEqual([id]);
    expect(await hubCalls(userId)).toBeGreaterThan(0);
    ws.close();
  });
});
