// A run's life beyond the happy path: cancel mid-run, resume after the object is aborted, human review,
// sub-agents (outputs, stats, cascade cancel), rerun from a node, and other users kept out.

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
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
  sleepStarts,
  uid,
  until,
} from "./engine-helpers";
import { api } from "./helpers/auth";

const startRun = async (token: string, graphId: string, inputs: Record<string, unknown> = {}) => {
  const res = await execute(token, graphId, inputs);
  expect(res.status).toBe(202);
  return ((await res.json()) as { execution_id: string }).execution_id;
};

const alarmOf = (executionId: string) =>
  runInDurableObject(env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(executionId)), (_instance, state) =>
    state.storage.getAlarm(),
  );

const nodeOf = (run: RunBody, nodeId: string) => run.node_executions.filter((e) => e.node_id === nodeId);

describe("run lifecycle", () => {
  it("cancels mid-run: the running node and the run end TERMINATED, nothing downstream starts", async () => {
    const { token } = await newUser();
    const [slow, out] = [uid("slow"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "cancel",
        [
          { id: slow, block_id: BLOCK.sleep, input_default: { ms: 10_000, value: 1 } },
          { id: out, block_id: BLOCK.output, input_default: { name: "out" } },
        ],
        [[slow, "value", out, "value"]],
      ),
    );
    const id = await startRun(token, graph.id);
    await until(token, id, (r) => nodeOf(r, slow)[0]?.status === "RUNNING");
    const res = await api(`/executions/${id}/cancel`, { token, method: "POST" });
    expect(res.status).toBe(200);
    const run = (await res.json()) as RunBody;
    expect(run.status).toBe("TERMINATED");
    expect(nodeOf(run, slow)[0]?.status).toBe("TERMINATED");
    expect(nodeOf(run, out)).toEqual([]);
    expect((await getRun(token, id)).status).toBe("TERMINATED");
  });

  it("resumes after its Durable Object is aborted mid-run: completed nodes never run again, the interrupted one is retried once", async () => {
    const { token } = await newUser();
    const [first, second, out] = [uid("first"), uid("second"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "resume",
        [
          { id: first, block_id: BLOCK.sleep, input_default: { ms: 1, value: "a", tag: first } },
          { id: second, block_id: BLOCK.sleep, input_default: { ms: 300, tag: second } },
          { id: out, block_id: BLOCK.output, input_default: { name: "out" } },
        ],
        [
          [first, "value", second, "value"],
          [second, "value", out, "value"],
        ],
      ),
    );
    const id = await startRun(token, graph.id);
    await until(token, id, (r) => nodeOf(r, second)[0]?.status === "RUNNING");
    const stub = () => env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(id));
    // Abort the object as a crash or eviction would: its in-memory work is lost, its storage is not.
    await runInDurableObject(stub(), (_instance, state) => state.abort("simulated crash")).catch(() => undefined);

    // The watchdog alarm finds the run in a fresh instance and picks it up.
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    const done = await until(token, id, (r) => r.status === "COMPLETED");
    expect(done.outputs).toEqual({ out: ["a"] });
    expect(sleepStarts.get(first)).toBe(1);
    expect(sleepStarts.get(second)).toBe(2);
    expect(nodeOf(done, first)[0]?.retry).toBe(0);
    expect(nodeOf(done, second)[0]).toMatchObject({ status: "COMPLETED", retry: 1 });
  });

  it("pauses in REVIEW for a human, then resumes with the reviewer's edited data", async () => {
    const { token } = await newUser();
    const [input, review, ok, no] = [uid("in"), uid("review"), uid("ok"), uid("no")];
    const graph = await createGraph(
      token,
      graphJson(
        "review",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "draft" } },
          { id: review, block_id: BLOCK.review, input_default: { name: "Draft post" } },
          { id: ok, block_id: BLOCK.output, input_default: { name: "approved" } },
          { id: no, block_id: BLOCK.output, input_default: { name: "rejected" } },
        ],
        [
          [input, "result", review, "data"],
          [review, "approved_data", ok, "value"],
          [review, "rejected_data", no, "value"],
        ],
      ),
    );
    const res = await execute(token, graph.id, { draft: "hello wrld" }, 5);
    expect(res.status).toBe(202);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const paused = await getRun(token, id);
    expect(paused.status).toBe("REVIEW");
    // Nothing ticks while it waits: no alarm, so the object can hibernate.
    expect(await alarmOf(id)).toBeNull();
    expect(nodeOf(paused, review)[0]?.status).toBe("REVIEW");

    const listed = await api(`/executions/${id}/reviews`, { token });
    const { items } = (await listed.json()) as {
      items: { node_exec_id: string; data: unknown; status: string; name: string }[];
    };
    expect(items).toEqual([expect.objectContaining({ data: "hello wrld", status: "WAITING", name: "Draft post" })]);

    const other = await newUser();
    const target = `/executions/${id}/reviews/${items[0]?.node_exec_id}`;
    expect((await api(target, { token: other.token, json: { approved: true } })).status).toBe(404);
    const decided = await api(target, { token, json: { approved: true, data: "hello world", message: "typo fixed" } });
    expect(decided.status).toBe(200);
    expect((await api(target, { token, json: { approved: false } })).status).toBe(409);

    const done = await until(token, id, (r) => r.status === "COMPLETED");
    expect(done.outputs).toEqual({ approved: ["hello world"] });
    await expect.poll(() => alarmOf(id)).toBeNull();
    expect(nodeOf(done, review)[0]?.output).toEqual({ approved_data: ["hello world"], review_message: ["typo fixed"] });
  });

  it("runs a sub-agent in its own run, yields its outputs and folds in its steps", async () => {
    const { token } = await newUser();
    const [cin, ccalc, cout] = [uid("cin"), uid("ccalc"), uid("cout")];
    const child = await createGraph(
      token,
      graphJson(
        "child",
        [
          { id: cin, block_id: BLOCK.input, input_default: { name: "x" } },
          { id: ccalc, block_id: BLOCK.calculator, input_default: { operation: "Multiply", b: 2 } },
          { id: cout, block_id: BLOCK.output, input_default: { name: "doubled" } },
        ],
        [
          [cin, "result", ccalc, "a"],
          [ccalc, "result", cout, "value"],
        ],
      ),
    );
    const [pin, agent, pout] = [uid("pin"), uid("agent"), uid("pout")];
    const parent = await createGraph(
      token,
      graphJson(
        "parent",
        [
          { id: pin, block_id: BLOCK.input, input_default: { name: "n" } },
          agentNode(agent, child.id, {
            version: child.version,
            input_schema: { type: "object", properties: { x: { type: "number" } }, required: ["x"] },
            output_schema: { type: "object", properties: { doubled: {} }, required: [] },
          }),
          { id: pout, block_id: BLOCK.output, input_default: { name: "result" } },
        ],
        [
          [pin, "result", agent, "x"],
          [agent, "doubled", pout, "value"],
        ],
      ),
    );
    const res = await execute(token, parent.id, { n: 21 }, 20);
    expect(res.status).toBe(200);
    const run = (await res.json()) as RunBody;
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs).toEqual({ result: [42] });
    // 3 parent nodes + 3 child nodes.
    expect(run.stats.node_exec_count).toBe(6);
    const childRuns = await api(`/graphs/${child.id}/executions`, { token });
    await expect
      .poll(
        async () =>
          ((await (await api(`/graphs/${child.id}/executions`, { token })).json()) as { items: unknown[] }).items
            .length,
      )
      .toBe(1);
    expect(childRuns.status).toBe(200);
  });

  it("cascades a cancel to the running sub-agent", async () => {
    const { token } = await newUser();
    const [cslow] = [uid("cslow")];
    const child = await createGraph(
      token,
      graphJson("slow child", [{ id: cslow, block_id: BLOCK.sleep, input_default: { ms: 10_000, value: 1 } }], []),
    );
    const agent = uid("agent");
    const parent = await createGraph(
      token,
      graphJson("parent", [agentNode(agent, child.id, { input_schema: { type: "object", properties: {} } })], []),
    );
    const id = await startRun(token, parent.id);
    await until(token, id, (r) => nodeOf(r, agent)[0]?.status === "RUNNING");
    let childId: string | undefined;
    await expect
      .poll(async () => {
        const page = (await (await api(`/graphs/${child.id}/executions`, { token })).json()) as {
          items: { id: string }[];
        };
        childId = page.items[0]?.id;
        return childId;
      })
      .toBeTruthy();
    await until(token, childId as string, (r) => r.node_executions[0]?.status === "RUNNING");

    const cancelled = (await (await api(`/executions/${id}/cancel`, { token, method: "POST" })).json()) as RunBody;
    expect(cancelled.status).toBe("TERMINATED");
    const childRun = await getRun(token, childId as string);
    expect(childRun.status).toBe("TERMINATED");
    expect(childRun.node_executions[0]?.status).toBe("TERMINATED");
  });

  it("reruns from a node: upstream results are reused, that node and its descendants run again", async () => {
    const { token } = await newUser();
    const [source, calc, out] = [uid("source"), uid("calc"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "rerun",
        [
          { id: source, block_id: BLOCK.sleep, input_default: { ms: 1, value: 5, tag: source } },
          { id: calc, block_id: BLOCK.calculator, input_default: { operation: "Add", b: 1 } },
          { id: out, block_id: BLOCK.output, input_default: { name: "sum" } },
        ],
        [
          [source, "value", calc, "a"],
          [calc, "result", out, "value"],
        ],
      ),
    );
    const first = (await (await execute(token, graph.id, {}, 10)).json()) as RunBody;
    expect(first.outputs).toEqual({ sum: [6] });

    const other = await newUser();
    expect(
      (await api(`/executions/${first.id}/rerun`, { token: other.token, json: { from_node_id: calc } })).status,
    ).toBe(404);
    expect((await api(`/executions/${first.id}/rerun`, { token, json: { from_node_id: "nope" } })).status).toBe(400);
    const res = await api(`/executions/${first.id}/rerun`, { token, json: { from_node_id: calc } });
    expect(res.status).toBe(202);
    const { execution_id } = (await res.json()) as { execution_id: string };
    const again = await until(token, execution_id, (r) => r.status === "COMPLETED");
    expect(again.outputs).toEqual({ sum: [6] });
    expect(sleepStarts.get(source)).toBe(1);
    expect(nodeOf(again, source)[0]?.reused).toBe(true);
    expect(nodeOf(again, calc)[0]?.reused).toBe(false);
    expect(again.stats.node_exec_count).toBe(2);
  });

  it("does not rerun a run of a deleted graph", async () => {
    // Execute, schedules and webhooks refuse a deleted graph; a rerun from the run's own snapshot used to start it
    // all the same (202).
    const { token } = await newUser();
    const [input, out] = [uid("in"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "deleted",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "x" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "y" } },
        ],
        [[input, "result", out, "value"]],
      ),
    );
    const first = (await (await execute(token, graph.id, { x: 1 }, 10)).json()) as RunBody;
    expect(first.status).toBe("COMPLETED");
    expect((await api(`/graphs/${graph.id}`, { token, method: "DELETE" })).status).toBe(204);
    const res = await api(`/executions/${first.id}/rerun`, { token, json: { from_node_id: out } });
    expect(res.status).toBe(404);
  });

  it("keeps other users out: read, cancel, delete, reviews and rerun answer 404", async () => {
    const { token } = await newUser();
    const s = uid("s");
    const graph = await createGraph(
      token,
      graphJson("mine", [{ id: s, block_id: BLOCK.store, input_default: { input: 1 } }], []),
    );
    const run = (await (await execute(token, graph.id, {}, 10)).json()) as RunBody;
    const other = await newUser();
    for (const [path, method] of [
      [`/executions/${run.id}`, "GET"],
      [`/executions/${run.id}/cancel`, "POST"],
      [`/executions/${run.id}/reviews`, "GET"],
      [`/executions/${run.id}`, "DELETE"],
    ] as const) {
      expect((await api(path, { token: other.token, method })).status).toBe(404);
    }
    expect((await api(`/executions/${run.id}/rerun`, { token: other.token, json: { from_node_id: s } })).status).toBe(
      404,
    );
    expect((await api(`/graphs/${graph.id}/executions`, { token: other.token })).status).toBe(404);
    expect((await getRun(token, run.id)).status).toBe("COMPLETED");
  });
});

describe("sub-agent depth", () => {
  it("stops recursion at the depth limit: the deepest AgentExecutor node fails, every run still ends", async () => {
    const { token } = await newUser();
    const graphId = crypto.randomUUID();
    const agent = uid("self");
    await createGraph(token, graphJson("recursive", [agentNode(agent, graphId)], []), graphId);
    const top = (await (await execute(token, graphId, {}, 30)).json()) as RunBody;
    expect(top.status).toBe("COMPLETED");
    // The top run plus 8 nested sub-runs.
    await expect
      .poll(
        async () =>
          (
            await env.DB.prepare("SELECT count(*) AS n FROM executions WHERE graph_id = ?")
              .bind(graphId)
              .first<{ n: number }>()
          )?.n,
      )
      .toBe(9);
    const errors: (string | null)[] = [];
    for (const { id } of (
      await env.DB.prepare("SELECT id FROM executions WHERE graph_id = ?").bind(graphId).all<{ id: string }>()
    ).results) {
      errors.push(...(await getRun(token, id)).node_executions.map((e) => e.error));
    }
    expect(errors.filter((e) => e !== null)).toEqual(["AgentExecutorBlock failed: Sub-agent depth limit (8) reached"]);
  });
});

describe("sub-agent across a parent crash", () => {
  it("finishes the parent from the child's callback after the parent's object was aborted", async () => {
    const { token } = await newUser();
    const [cslow, cout] = [uid("cslow"), uid("cout")];
    const child = await createGraph(
      token,
      graphJson(
        "child",
        [
          { id: cslow, block_id: BLOCK.sleep, input_default: { ms: 400, value: "from child", tag: cslow } },
          { id: cout, block_id: BLOCK.output, input_default: { name: "answer" } },
        ],
        [[cslow, "value", cout, "value"]],
      ),
    );
    const [agent, pout] = [uid("agent"), uid("pout")];
    const parent = await createGraph(
      token,
      graphJson(
        "parent",
        [
          agentNode(agent, child.id, { output_schema: { type: "object", properties: { answer: {} } } }),
          { id: pout, block_id: BLOCK.output, input_default: { name: "result" } },
        ],
        [[agent, "answer", pout, "value"]],
      ),
    );
    const id = await startRun(token, parent.id);
    await expect.poll(() => sleepStarts.get(cslow)).toBe(1);
    await runInDurableObject(env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(id)), (_instance, state) =>
      state.abort("simulated crash"),
    ).catch(() => undefined);

    // Nobody touches the parent: the child's completion callback wakes it and it finishes.
    await expect
      .poll(
        async () =>
          (await env.DB.prepare("SELECT status FROM executions WHERE id = ?").bind(id).first<{ status: string }>())
            ?.status,
        { timeout: 10_000 },
      )
      .toBe("COMPLETED");
    const done = await getRun(token, id);
    expect(done.outputs).toEqual({ result: ["from child"] });
    // Waiting on a sub-run is durable: resuming the wait is not a retry of the node.
    expect(nodeOf(done, agent)[0]).toMatchObject({ status: "COMPLETED", retry: 0 });
    expect(sleepStarts.get(cslow)).toBe(1);
  });
});
