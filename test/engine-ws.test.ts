// The live feed: a subscriber gets the run's snapshot, then every later event in order, and the final
// status; other users cannot subscribe; per-graph subscriptions see each run's status changes.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, execute, graphJson, newUser, uid } from "./engine-helpers";

type Message = { method: string; success?: boolean; error?: string; seq?: number; data?: Record<string, unknown> };

async function connect(token: string) {
  const res = await exports.default.fetch(
    new Request(`http://local.test/api/v1/ws?token=${encodeURIComponent(token)}`, {
      headers: { Upgrade: "websocket" },
    }),
  );
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const messages: Message[] = [];
  const waiters: (() => void)[] = [];
  ws.addEventListener("message", (event) => {
    messages.push(JSON.parse(String(event.data)) as Message);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    messages,
    send: (method: string, data: unknown = {}) => ws.send(JSON.stringify({ method, data })),
    /** Waits until some message satisfies `check`. */
    async waitFor(check: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(check);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no such message; got ${JSON.stringify(messages.map((m) => m.method))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => ws.close(),
  };
}

const isFinalRunEvent = (m: Message) =>
  m.method === "graph_execution_event" && ["COMPLETED", "FAILED", "TERMINATED"].includes(String(m.data?.status));

describe("live run events over WebSocket", () => {
  it("sends the snapshot, then every later event in order, then the final status", async () => {
    const { token } = await newUser();
    const ids = [uid("s1"), uid("s2"), uid("s3")];
    const out = uid("out");
    const graph = await createGraph(
      token,
      graphJson(
        "live",
        [
          { id: ids[0] as string, block_id: BLOCK.sleep, input_default: { ms: 150, value: "x" } },
          { id: ids[1] as string, block_id: BLOCK.sleep, input_default: { ms: 50 } },
          { id: ids[2] as string, block_id: BLOCK.sleep, input_default: { ms: 50 } },
          { id: out, block_id: BLOCK.output, input_default: { name: "out" } },
        ],
        [
          [ids[0] as string, "value", ids[1] as string, "value"],
          [ids[1] as string, "value", ids[2] as string, "value"],
          [ids[2] as string, "value", out, "value"],
        ],
      ),
    );
    const { execution_id } = (await (await execute(token, graph.id)).json()) as { execution_id: string };
    const socket = await connect(token);
    socket.send("heartbeat", "ping");
    await socket.waitFor((m) => m.method === "heartbeat" && m.success === true);
    socket.send("subscribe_graph_execution", { graph_exec_id: execution_id });
    await socket.waitFor((m) => m.method === "subscribe_graph_execution" && m.success === true);
    const final = await socket.waitFor(isFinalRunEvent);
    expect(final.data).toMatchObject({ id: execution_id, status: "COMPLETED", outputs: { out: ["x"] } });

    const events = socket.messages.filter((m) => m.method.endsWith("_execution_event"));
    // The snapshot comes first: the run, then its node executions so far.
    expect(events[0]).toMatchObject({ method: "graph_execution_event", data: { id: execution_id, status: "RUNNING" } });
    // Event numbers never go back, and the final status is the last thing said about the run.
    const seqs = events.map((m) => m.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(events[events.length - 1]).toBe(final);
    // Each node is seen reaching COMPLETED, in graph order, and never reported again afterwards.
    const completed = events
      .filter((m) => m.method === "node_execution_event" && m.data?.status === "COMPLETED")
      .map((m) => m.data?.node_id);
    expect(completed).toEqual([...ids, out]);
    for (const id of [...ids, out]) {
      const lastForNode = events.filter((m) => m.data?.node_id === id).at(-1);
      expect(lastForNode?.data).toMatchObject({ status: "COMPLETED", node_id: id });
    }
    socket.close();
  });

  it("gives a late subscriber the final state at once, and refuses other users' runs", async () => {
    const { token } = await newUser();
    const s = uid("s");
    const graph = await createGraph(
      token,
      graphJson("done", [{ id: s, block_id: BLOCK.store, input_default: { input: 1 } }], []),
    );
    const run = (await (await execute(token, graph.id, {}, 10)).json()) as { id: string };

    const mine = await connect(token);
    mine.send("subscribe_graph_execution", { graph_exec_id: run.id });
    const snapshot = await mine.waitFor(isFinalRunEvent);
    expect(snapshot.data).toMatchObject({ id: run.id, status: "COMPLETED" });
    await mine.waitFor((m) => m.method === "node_execution_event" && m.data?.node_id === s);

    const other = await newUser();
    const theirs = await connect(other.token);
    theirs.send("subscribe_graph_execution", { graph_exec_id: run.id });
    const refused = await theirs.waitFor((m) => m.method === "subscribe_graph_execution");
    expect(refused).toMatchObject({ success: false, error: "Unknown graph execution" });
    expect(theirs.messages.some((m) => m.method.endsWith("_execution_event"))).toBe(false);
    mine.close();
    theirs.close();
  });

  it("streams the status of every run of a graph to a per-graph subscriber", async () => {
    const { token, userId } = await newUser();
    const s = uid("s");
    const graph = await createGraph(
      token,
      graphJson("graph feed", [{ id: s, block_id: BLOCK.store, input_default: { input: 1 } }], []),
    );
    const socket = await connect(token);
    socket.send("subscribe_graph_executions", { graph_id: graph.id });
    await socket.waitFor((m) => m.method === "subscribe_graph_executions" && m.success === true);
    const run = (await (await execute(token, graph.id, {}, 10)).json()) as { id: string };
    const final = await socket.waitFor((m) => isFinalRunEvent(m) && m.data?.id === run.id);
    expect(final.data).toMatchObject({ graph_id: graph.id, status: "COMPLETED" });
    // Runs announce themselves to the owner's hub only while someone watches: the hub keeps that record.
    const watching = () =>
      env.DB.prepare("SELECT watching FROM graph_watches WHERE owner_id = ?")
        .bind(userId)
        .first<{ watching: number }>()
        .then((r) => r?.watching);
    expect(await watching()).toBe(1);
    socket.close();
    await expect.poll(watching).toBe(0);
  });

  it("accepts the token as a bearer.<token> subprotocol and answers with the app's protocol", async () => {
    const { token } = await newUser();
    const res = await exports.default.fetch(
      new Request("http://local.test/api/v1/ws", {
        headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `agentflare, bearer.${token}` },
      }),
    );
    expect(res.status).toBe(101);
    expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("agentflare");
    res.webSocket?.accept();
    res.webSocket?.close();
  });

  it("refuses an unauthenticated upgrade", async () => {
    const res = await exports.default.fetch(
      new Request("http://local.test/api/v1/ws", { headers: { Upgrade: "websocket" } }),
    );
    expect(res.status).toBe(401);
  });
});
