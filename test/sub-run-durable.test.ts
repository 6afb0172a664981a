// A parent waits for a long sub-run durably: its object may be evicted any number of times while it waits
// (simulated by aborting it, then letting its watchdog alarm wake it), the child's report finishes it, a
// child waiting minutes for a reviewer is waited for too, and cancelling the parent cancels the child.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  agentNode,
  BLOCK,
  createGraph,
  decideFirstReview,
  execute,
  getRun,
  graphJson,
  newUser,
  type RunBody,
  runObject,
  sleepStarts,
  uid,
  until,
} from "./engine-helpers";
import { api } from "./helpers/auth";

/** An eviction: the object's memory is gone, its storage and alarm stay. Then its alarm fires. */
async function evictAndWake(id: string) {
  await runInDurableObject(runObject(id), (_instance, state) => state.abort("simulated eviction")).catch(
    () => undefined,
  );
  await runDurableObjectAlarm(runObject(id));
}

const indexStatus = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM executions WHERE id = ?").bind(id).first<{ status: string }>())?.status;

async function parentOf(token: string, childGraphId: string, outputName: string) {
  const [agent, pout] = [uid("agent"), uid("pout")];
  const parent = await createGraph(
    token,
    graphJson(
      "parent",
      [
        agentNode(agent, childGraphId, { output_schema: { type: "object", properties: { [outputName]: {} } } }),
        { id: pout, block_id: BLOCK.output, input_default: { name: "result" } },
      ],
      [[agent, outputName, pout, "value"]],
    ),
  );
  const res = await execute(token, parent.id);
  expect(res.status).toBe(202);
  return { agent, id: ((await res.json()) as { execution_id: string }).execution_id };
}

async function childRunOf(token: string, childGraphId: string): Promise<string> {
  let childId: string | undefined;
  await expect
    .poll(async () => {
      const page = (await (await api(`/graphs/${childGraphId}/executions`, { token })).json()) as {
        items: { id: string }[];
      };
      childId = page.items[0]?.id;
      return childId;
    })
    .toBeTruthy();
  return childId as string;
}

const nodeOf = (run: RunBody, nodeId: string) => run.node_executions.find((e) => e.node_id === nodeId);

describe("sub-agent runs that outlive the parent's object", () => {
  it("completes the parent with the child's outputs after evictions while it waited", async () => {
    const { token } = await newUser();
    const [cslow, cout] = [uid("cslow"), uid("cout")];
    const child = await createGraph(
      token,
      graphJson(
        "slow child",
        [
          { id: cslow, block_id: BLOCK.sleep, input_default: { ms: 1500, value: "late answer", tag: cslow } },
          { id: cout, block_id: BLOCK.output, input_default: { name: "answer" } },
        ],
        [[cslow, "value", cout, "value"]],
      ),
    );
    const { agent, id } = await parentOf(token, child.id, "answer");
    await expect.poll(() => sleepStarts.get(cslow)).toBe(1);
    // Evicted three times while the child runs; each time its watchdog alarm wakes it.
    for (let i = 0; i < 3; i++) await evictAndWake(id);

    // Nobody polls the parent: the child's report finishes it.
    await expect.poll(() => indexStatus(id), { timeout: 15_000 }).toBe("COMPLETED");
    const done = await getRun(token, id);
    expect(done.outputs).toEqual({ result: ["late answer"] });
    expect(done.stats.node_error_count).toBe(0);
    expect(nodeOf(done, agent)).toMatchObject({ status: "COMPLETED", retry: 0, error: null });
    expect(sleepStarts.get(cslow)).toBe(1);
  });

  it("waits for a child paused in human review, across evictions, then completes with its outputs", async () => {
    const { token } = await newUser();
    const [cin, review, cout] = [uid("cin"), uid("review"), uid("cout")];
    const child = await createGraph(
      token,
      graphJson(
        "reviewed child",
        [
          { id: cin, block_id: BLOCK.store, input_default: { input: "draft" } },
          { id: review, block_id: BLOCK.review, input_default: { name: "Check", editable: true } },
          { id: cout, block_id: BLOCK.output, input_default: { name: "approved" } },
        ],
        [
          [cin, "output", review, "data"],
          [review, "approved_data", cout, "value"],
        ],
      ),
    );
    const { id } = await parentOf(token, child.id, "approved");
    const childId = await childRunOf(token, child.id);
    await until(token, childId, (r) => r.status === "REVIEW");
    for (let i = 0; i < 3; i++) await evictAndWake(id);
    expect((await getRun(token, id)).status).toBe("RUNNING");

    await decideFirstReview(token, childId, { approved: true, data: "final" });
    await expect.poll(() => indexStatus(id), { timeout: 15_000 }).toBe("COMPLETED");
    expect((await getRun(token, id)).outputs).toEqual({ result: ["final"] });
  });

  it("cancels the child when the parent is cancelled after an eviction", async () => {
    const { token } = await newUser();
    const cslow = uid("cslow");
    const child = await createGraph(
      token,
      graphJson("slow child", [{ id: cslow, block_id: BLOCK.sleep, input_default: { ms: 20_000, value: 1 } }], []),
    );
    const { id } = await parentOf(token, child.id, "value");
    const childId = await childRunOf(token, child.id);
    await until(token, childId, (r) => r.node_executions[0]?.status === "RUNNING");
    await evictAndWake(id);
    const cancelled = await api(`/executions/${id}/cancel`, { token, method: "POST" });
    expect(((await cancelled.json()) as RunBody).status).toBe("TERMINATED");
    expect((await getRun(token, childId)).status).toBe("TERMINATED");
  });

  it("finishes from its alarm when the child's report never arrived", async () => {
    const { token } = await newUser();
    const cout = uid("cout");
    const cslow = uid("cslow");
    const child = await createGraph(
      token,
      graphJson(
        "child",
        [
          { id: cslow, block_id: BLOCK.sleep, input_default: { ms: 300, value: "v", tag: cslow } },
          { id: cout, block_id: BLOCK.output, input_default: { name: "answer" } },
        ],
        [[cslow, "value", cout, "value"]],
      ),
    );
    const { id } = await parentOf(token, child.id, "answer");
    const childId = await childRunOf(token, child.id);
    // The report is lost: the child's record of its parent points nowhere, as if every delivery failed.
    await runInDurableObject(runObject(childId), (instance, state) => {
      state.storage.sql.exec("UPDATE run SET parent = NULL");
      (instance as unknown as { run: { parent: unknown } }).run.parent = null;
    });
    await until(token, childId, (r) => r.status === "COMPLETED");
    // The parent's object stays up, waiting; its next watchdog tick asks the child.
    expect((await getRun(token, id)).status).toBe("RUNNING");
    expect(await runDurableObjectAlarm(runObject(id))).toBe(true);
    await expect.poll(() => indexStatus(id), { timeout: 10_000 }).toBe("COMPLETED");
    expect((await getRun(token, id)).outputs).toEqual({ result: ["v"] });
  });
});
