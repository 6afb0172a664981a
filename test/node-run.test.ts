// Run one node on its own (the editor's "run this node"): its saved inputs with the given ones laid over them.
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, getRun, graphJson, newUser, uid } from "./engine-helpers";
import { api } from "./helpers/auth";

async function finished(token: string, executionId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const run = await getRun(token, executionId);
    if (["COMPLETED", "FAILED", "TERMINATED"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run still ${run.status}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe("POST /graphs/{id}/nodes/{nodeId}/run", () => {
  it("runs only that node, with the given inputs over its saved ones, linked pins included", async () => {
    const { token } = await newUser();
    const [input, calc, out] = [uid("in"), uid("calc"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "calc",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "a" } },
          { id: calc, block_id: BLOCK.calculator, input_default: { operation: "Add", b: 10 } },
          { id: out, block_id: BLOCK.output, input_default: { name: "sum" } },
        ],
        [
          [input, "result", calc, "a"],
          [calc, "result", out, "value"],
        ],
      ),
    );
    const res = await api(`/graphs/${graph.id}/nodes/${calc}/run`, { token, json: { inputs: { a: 5 } } });
    expect(res.status).toBe(202);
    const { execution_id } = (await res.json()) as { execution_id: string };
    const run = await finished(token, execution_id);
    expect(run.status).toBe("COMPLETED");
    expect(run.node_executions.map((n) => n.node_id)).toEqual([calc]);
    expect(run.node_executions[0]?.input).toMatchObject({ a: 5, b: 10, operation: "Add" });
    expect(run.node_executions[0]?.output.result).toEqual([15]);
  });

  it("400 naming the pin when a linked input is not given; 404 for an unknown node or someone else's graph", async () => {
    const { token } = await newUser();
    const [input, calc] = [uid("in"), uid("calc")];
    const graph = await createGraph(
      token,
      graphJson(
        "calc",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "a" } },
          { id: calc, block_id: BLOCK.calculator, input_default: { operation: "Add", b: 1 } },
        ],
        [[input, "result", calc, "a"]],
      ),
    );
    const missing = await api(`/graphs/${graph.id}/nodes/${calc}/run`, { token, json: {} });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toContain("inputs.a");

    expect((await api(`/graphs/${graph.id}/nodes/nope/run`, { token, json: {} })).status).toBe(404);
    const stranger = await newUser();
    const theirs = await api(`/graphs/${graph.id}/nodes/${calc}/run`, {
      token: stranger.token,
      json: { inputs: { a: 1 } },
    });
    expect(theirs.status).toBe(404);
  });
});
