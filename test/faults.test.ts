// Faults a run must survive (issue 15's fault suite, the parts workerd tests can inject without mocking our
// storage): a sub-run that fails, the user's live socket dropped mid-run and opened again, and D1 refusing the run's
// index writes while the run finishes. (A hard kill of the runtime, a Durable Object reset mid-node, and a Queue
// message delivered twice are in test/engine-lifecycle.test.ts and test/schedules.test.ts.)
import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  agentNode,
  BLOCK,
  createGraph,
  execute,
  getRun,
  graphJson,
  newUser,
  type RunBody,
  uid,
} from "./engine-helpers";

const runObject = (id: string) => env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(id));

async function sleepChain(token: string, ms: number) {
  const [a, b, out] = [uid("a"), uid("b"), uid("out")];
  return createGraph(
    token,
    graphJson(
      "slow",
      [
        { id: a, block_id: BLOCK.sleep, input_default: { ms, value: "x" } },
        { id: b, block_id: BLOCK.sleep, input_default: { ms } },
        { id: out, block_id: BLOCK.output, input_default: { name: "out" } },
      ],
      [
        [a, "value", b, "value"],
        [b, "value", out, "value"],
      ],
    ),
  );
}

const startedId = async (res: Response) => {
  const body = (await res.json()) as { id?: string; execution_id?: string };
  return (body.execution_id ?? body.id) as string;
};

async function hubSocket(token: string) {
  const res = await exports.default.fetch(
    new Request(`http://local.test/api/v1/ws?token=${encodeURIComponent(token)}`, {
      headers: { Upgrade: "websocket" },
    }),
  );
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const events: { method: string; data?: { status?: string; node_exec_id?: string } }[] = [];
  ws.addEventListener("message", (e) => {
    events.push(JSON.parse(String(e.data)));
  });
  return { ws, events };
}

describe("faults", () => {
  it("a failing sub-run ends its executor with what the child produced (AutoGPT's semantics); the child shows its error", async () => {
    const { token } = await newUser();
    const [fail, cout] = [uid("fail"), uid("cout")];
    const child = await createGraph(
      token,
      graphJson(
        "failing child",
        [
          { id: fail, block_id: BLOCK.fail, input_default: { message: "child broke" } },
          { id: cout, block_id: BLOCK.output, input_default: { name: "partial" } },
        ],
        [[fail, "partial", cout, "value"]],
      ),
    );
    const [agent, out] = [uid("agent"), uid("out")];
    const parent = await createGraph(
      token,
      graphJson(
        "parent of a failing child",
        [
          agentNode(agent, child.id, { output_schema: { type: "object", properties: { partial: {} } } }),
          { id: out, block_id: BLOCK.output, input_default: { name: "partial" } },
        ],
        [[agent, "partial", out, "value"]],
      ),
    );
    const res = await execute(token, parent.id, {}, 20);
    expect(res.status).toBe(200);
    const run = await getRun(token, ((await res.json()) as RunBody).id);
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs).toEqual({ partial: [1] });
    const childRuns = async () =>
      (
        (await (
          await exports.default.fetch(
            new Request(`http://local.test/api/v1/graphs/${child.id}/executions`, {
              headers: { Authorization: `Bearer ${token}` },
            }),
          )
        ).json()) as { items: { id: string; status: string }[] }
      ).items;
    // The child is final, its failed node counted and its error shown (the engine's node-error semantics).
    await expect.poll(async () => (await childRuns()).length).toBe(1);
    const children = { items: await childRuns() };
    const childRun = await getRun(token, children.items[0]?.id as string);
    expect(["COMPLETED", "FAILED"]).toContain(childRun.status);
    expect(childRun.stats.node_error_count).toBe(1);
    expect(childRun.node_executions.find((n) => n.node_id === fail)?.error).toContain("child broke");
  });

  it("a live socket dropped mid-run, then opened again, gets the current state and the rest of the run", async () => {
    const { token } = await newUser();
    const graph = await sleepChain(token, 300);
    const first = await hubSocket(token);
    first.ws.send(JSON.stringify({ method: "subscribe_graph_executions", data: { graph_id: graph.id } }));
    await expect.poll(() => first.events.some((e) => e.method === "subscribe_graph_executions")).toBe(true);
    const id = await startedId(await execute(token, graph.id, {}));
    await expect.poll(() => first.events.some((e) => e.method === "graph_execution_event")).toBe(true);
    first.ws.close(1001, "network dropped");

    const again = await hubSocket(token);
    again.ws.send(JSON.stringify({ method: "subscribe_graph_execution", data: { graph_exec_id: id } }));
    await expect
      .poll(() => again.events.some((e) => e.method === "graph_execution_event" && e.data?.status === "COMPLETED"), {
        timeout: 10_000,
      })
      .toBe(true);
    // The resubscribed socket's folded node states are what REST reports.
    const latest = new Map<string, string>();
    for (const e of again.events) {
      if (e.method === "node_execution_event" && e.data?.node_exec_id)
        latest.set(e.data.node_exec_id, e.data.status ?? "");
    }
    const run = await getRun(token, id);
    expect(Object.fromEntries(latest)).toEqual(
      Object.fromEntries(run.node_executions.map((n) => [n.node_exec_id, n.status])),
    );
    again.ws.close();
  });

  it("D1 refusing the run's index writes: the run still finishes, and its row catches up once D1 takes writes", async () => {
    const { token, userId } = await newUser();
    const graph = await sleepChain(token, 400);
    const id = await startedId(await execute(token, graph.id, {}));
    const row = () => env.DB.prepare("SELECT status FROM executions WHERE id = ?").bind(id).first<{ status: string }>();
    await expect.poll(async () => (await row())?.status).toBe("RUNNING");
    // Every later index write of the run fails (a real D1 error, nothing of ours mocked).
    await env.DB.prepare(
      `CREATE TRIGGER refuse_index_${userId.replaceAll("-", "_")} BEFORE UPDATE ON executions WHEN NEW.id = '${id}'
       BEGIN SELECT RAISE(ABORT, 'injected D1 failure'); END`,
    ).run();
    try {
      await expect.poll(async () => (await getRun(token, id)).status, { timeout: 10_000 }).toBe("COMPLETED");
      await new Promise((r) => setTimeout(r, 300));
      expect((await row())?.status).toBe("RUNNING");
    } finally {
      await env.DB.prepare(`DROP TRIGGER refuse_index_${userId.replaceAll("-", "_")}`).run();
    }
    // The run's object retries from its alarm.
    await expect
      .poll(
        async () => {
          await runDurableObjectAlarm(runObject(id));
          return (await row())?.status;
        },
        { timeout: 10_000 },
      )
      .toBe("COMPLETED");
    expect((await getRun(token, id)).outputs).toEqual({ out: ["x"] });
  });
});
