// A run's own WebSocket (GET /api/v1/executions/:id/ws): the snapshot, then every event in order up to the final
// status; a reconnect with ?after_seq= resumes with nothing lost or repeated; other users get 404, no token 401; the
// socket outlives the run object's eviction while it waits in review. And a run nobody listens to sends no event
// RPC to the hub.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventHub } from "../durable-objects/event-hub";
import type { RunSocketMessage } from "../engine/run-socket-messages";
import {
  BLOCK,
  createGraph,
  createReviewGraph,
  decideFirstReview,
  execute,
  getRun,
  graphJson,
  newUser,
  runObject,
  uid,
} from "./engine-helpers";
import { api } from "./helpers/auth";
import { connect, upgrade } from "./helpers/run-socket-client";

const seqOf = (m: RunSocketMessage) => ("seq" in m ? m.seq : -1);
const isFinalRun = (m: RunSocketMessage) =>
  m.type === "graph_execution" && ["COMPLETED", "FAILED", "TERMINATED"].includes(m.data.status);

/** The last state of each node execution as a client folding the messages sees it. */
function fold(messages: RunSocketMessage[]) {
  const nodes = new Map<string, unknown>();
  for (const m of messages) {
    if (m.type === "snapshot") for (const n of m.data.node_executions) nodes.set(n.node_exec_id, n);
    if (m.type === "node_execution") nodes.set(m.data.node_exec_id, m.data);
  }
  return nodes;
}

async function sleepChain(token: string, firstMs = 150) {
  const ids = [uid("s1"), uid("s2"), uid("s3")];
  const out = uid("out");
  const graph = await createGraph(
    token,
    graphJson(
      "live",
      [
        { id: ids[0] as string, block_id: BLOCK.sleep, input_default: { ms: firstMs, value: "x" } },
        { id: ids[1] as string, block_id: BLOCK.sleep, input_default: { ms: 60 } },
        { id: ids[2] as string, block_id: BLOCK.sleep, input_default: { ms: 60 } },
        { id: out, block_id: BLOCK.output, input_default: { name: "out" } },
      ],
      [
        [ids[0] as string, "value", ids[1] as string, "value"],
        [ids[1] as string, "value", ids[2] as string, "value"],
        [ids[2] as string, "value", out, "value"],
      ],
    ),
  );
  return { graph, nodeIds: [...ids, out] };
}

const startRun = async (token: string, graphId: string, inputs: Record<string, unknown> = {}, wait?: number) => {
  const res = await execute(token, graphId, inputs, wait);
  expect([200, 202]).toContain(res.status);
  const body = (await res.json()) as { execution_id?: string; id?: string };
  return (body.execution_id ?? body.id) as string;
};

describe("a run's own WebSocket", () => {
  afterEach(() => vi.restoreAllMocks());

  it("sends the snapshot, then every event in order with increasing seq, ending with the final status", async () => {
    const { token } = await newUser();
    const { graph, nodeIds } = await sleepChain(token);
    const id = await startRun(token, graph.id);
    const socket = await connect(id, token);
    socket.send(JSON.stringify({ type: "ping" }));
    await socket.waitFor((m) => m.type === "pong");
    const final = await socket.waitFor(isFinalRun);
    expect(await socket.closed).toBe(1000);

    const messages = socket.messages.filter((m) => m.type !== "pong");
    const [snapshot] = messages;
    expect(snapshot?.type).toBe("snapshot");
    expect(snapshot).toMatchObject({ data: { id, status: "RUNNING" } });
    const seqs = messages.map(seqOf);
    // Strictly increasing and without gaps: one number per event from the snapshot on.
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    expect(messages.at(-1)).toBe(final);
    expect(final).toMatchObject({ data: { id, status: "COMPLETED", outputs: { out: ["x"] } } });
    // Each node reaches COMPLETED in graph order; the folded state is what REST says.
    const completed = messages.flatMap((m) =>
      m.type === "node_execution" && m.data.status === "COMPLETED" ? [m.data.node_id] : [],
    );
    const doneAtSnapshot =
      snapshot?.type === "snapshot"
        ? snapshot.data.node_executions.filter((n) => n.status === "COMPLETED").map((n) => n.node_id)
        : [];
    expect([...doneAtSnapshot, ...completed]).toEqual(nodeIds);
    const rest = await getRun(token, id);
    expect([...fold(messages).values()]).toEqual(expect.arrayContaining(rest.node_executions));
    expect(fold(messages).size).toBe(rest.node_executions.length);
    const { node_executions: _n, ...restResult } = rest;
    if (final.type !== "graph_execution") throw new Error("not a run event");
    expect(final.data).toEqual({ ...restResult, stats: { ...restResult.stats, duration: final.data.stats.duration } });
  });

  it("resumes after ?after_seq= with nothing lost and nothing repeated", async () => {
    const { token } = await newUser();
    const { graph } = await sleepChain(token, 100);
    const id = await startRun(token, graph.id);
    const first = await connect(id, token);
    const seen = await first.waitFor((m) => m.type === "node_execution");
    first.close();
    // What this client had when it went away (messages still in flight to the closed socket do not count).
    const had = [...first.messages];
    const lastSeen = Math.max(...had.map(seqOf));
    expect(lastSeen).toBeGreaterThanOrEqual(seen.type === "node_execution" ? seen.seq : 0);
    // The run goes on (and ends) while nobody is connected.
    await expect.poll(async () => (await getRun(token, id)).status, { timeout: 10_000 }).toBe("COMPLETED");

    const second = await connect(id, token, lastSeen);
    expect(await second.closed).toBe(1000);
    const resumed = second.messages;
    expect(resumed[0]?.type).not.toBe("snapshot");
    expect(resumed.every((m) => seqOf(m) > lastSeen)).toBe(true);
    const all = [...had, ...resumed].map(seqOf);
    const start = all[0] as number;
    expect(all).toEqual(all.map((_, i) => start + i));
    expect(resumed.at(-1)).toMatchObject({ type: "graph_execution", data: { status: "COMPLETED" } });
    const rest = await getRun(token, id);
    expect([...fold([...had, ...resumed]).values()]).toEqual(expect.arrayContaining(rest.node_executions));

    // Resuming from the very end sends nothing and closes; a number the run never reached gets a snapshot.
    const atEnd = await connect(id, token, seqOf(resumed.at(-1) as RunSocketMessage));
    expect(await atEnd.closed).toBe(1000);
    expect(atEnd.messages).toEqual([]);
    const beyond = await connect(id, token, 10_000);
    expect(await beyond.closed).toBe(1000);
    expect(beyond.messages.map((m) => m.type)).toEqual(["snapshot"]);
  });

  it("refuses other users' runs (404), unknown runs (404), a missing token (401) and a foreign Origin (403)", async () => {
    const { token } = await newUser();
    const { graph } = await sleepChain(token, 10);
    const id = await startRun(token, graph.id, {}, 5);
    const other = await newUser();
    expect((await upgrade(`/executions/${id}/ws?token=${other.token}`)).status).toBe(404);
    expect((await upgrade(`/executions/${crypto.randomUUID()}/ws?token=${token}`)).status).toBe(404);
    expect((await upgrade(`/executions/${id}/ws`)).status).toBe(401);
    expect((await upgrade(`/executions/${id}/ws?token=not-a-token`)).status).toBe(401);
    // The token may also come as a `bearer.` subprotocol; the answer echoes the client's own protocol.
    const viaProtocol = await upgrade(`/executions/${id}/ws`, {
      "Sec-WebSocket-Protocol": `agentflare, bearer.${token}`,
    });
    expect(viaProtocol.status).toBe(101);
    expect(viaProtocol.headers.get("Sec-WebSocket-Protocol")).toBe("agentflare");
    viaProtocol.webSocket?.accept();
    viaProtocol.webSocket?.close();
    expect((await upgrade(`/executions/${id}/ws?token=${token}`, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await upgrade(`/ws?token=${token}`, { Origin: "https://evil.example" })).status).toBe(403);
    // The API's own origin and the origins in CORS_ORIGINS (vitest.config.ts) may connect.
    for (const origin of ["http://local.test", "https://editor.example"]) {
      const allowed = await upgrade(`/executions/${id}/ws?token=${token}`, { Origin: origin });
      expect(allowed.status).toBe(101);
      allowed.webSocket?.accept();
      allowed.webSocket?.close();
    }
    // A plain GET (no upgrade) is told to upgrade.
    expect((await api(`/executions/${id}/ws`, { token })).status).toBe(426);
  });

  it("stays open while the run object is evicted in review, and still gets the review's result", async () => {
    const { token } = await newUser();
    const graph = await createReviewGraph(token);
    const { review } = graph.nodes;
    const id = await startRun(token, graph.id, { draft: "hello" }, 5);
    const socket = await connect(id, token);
    await socket.waitFor((m) => m.type === "snapshot" && m.data.status === "REVIEW");

    // Mark this instance, evict it (its hibernatable socket is kept), and see a fresh instance answer later.
    await runInDurableObject(runObject(id), (instance) => {
      (instance as unknown as { marker?: number }).marker = 1;
    });
    await evictDurableObject(runObject(id));
    // The runtime answers heartbeats without waking the object.
    socket.send(JSON.stringify({ type: "ping" }));
    await socket.waitFor((m) => m.type === "pong");
    expect(
      await runInDurableObject(runObject(id), (instance) => (instance as unknown as { marker?: number }).marker),
    ).toBeUndefined();

    await decideFirstReview(token, id);
    const final = await socket.waitFor(isFinalRun);
    expect(final).toMatchObject({ data: { status: "COMPLETED", outputs: { approved: ["hello"] } } });
    expect(await socket.closed).toBe(1000);
    expect(
      socket.messages.some(
        (m) => m.type === "node_execution" && m.data.node_id === review && m.data.status === "COMPLETED",
      ),
    ).toBe(true);
  });
});

describe("event RPCs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a run nobody listens to sends no event to any hub and keeps no socket log; a subscribed one does", async () => {
    const deliver = vi.spyOn(EventHub.prototype, "deliver");
    const { token } = await newUser();
    const { graph } = await sleepChain(token, 60);
    const quiet = await startRun(token, graph.id, {}, 10);
    expect((await getRun(token, quiet)).status).toBe("COMPLETED");
    expect(deliver).toHaveBeenCalledTimes(0);
    const tables = await runInDurableObject(runObject(quiet), (_i, state) =>
      state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((r) => r.name),
    );
    expect(tables).not.toContain("socket_events");

    // The same agent with a hub subscriber: events do go out (the counter above can see them).
    const watched = await startRun(token, graph.id);
    const hub = await exports.default.fetch(
      new Request(`http://local.test/api/v1/ws?token=${token}`, { headers: { Upgrade: "websocket" } }),
    );
    const ws = hub.webSocket as WebSocket;
    ws.accept();
    ws.send(JSON.stringify({ method: "subscribe_graph_execution", data: { graph_exec_id: watched } }));
    await expect.poll(async () => (await getRun(token, watched)).status, { timeout: 10_000 }).toBe("COMPLETED");
    await expect.poll(() => deliver.mock.calls.length).toBeGreaterThan(0);
    ws.close();
  });
});
