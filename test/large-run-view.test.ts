// A run whose node outputs total more than 32 MiB (the Durable Object RPC limit) stays readable: the view
// carries values up to a budget, later ones are replaced by a marker with their size.
import { describe, expect, it } from "vitest";
import { VIEW_BUDGET_BYTES } from "../durable-objects/view-budget";
import { BIG_OUTPUT_BLOCK_ID } from "./blocks/big-output";
import { createGraph, execute, getRun, graphJson, newUser, uid } from "./engine-helpers";

const BIG = BIG_OUTPUT_BLOCK_ID;

describe("run view of a run with more than 32 MiB of outputs", () => {
  it("answers 200 with values up to the budget and size markers past it", async () => {
    const { token } = await newUser();
    // 20 nodes × 15 values × 120 KiB ≈ 36 MiB, each value under the 128 KiB R2 threshold (kept inline).
    const nodes = Array.from({ length: 20 }, () => ({
      id: uid("big"),
      block_id: BIG,
      input_default: { count: 15, size: 120 * 1024 },
    }));
    // A preset id stores the graph straight in D1 (the API does not know this test-only block).
    const graph = await createGraph(token, graphJson("big", nodes, []), crypto.randomUUID());
    const res = await execute(token, graph.id, {}, 30);
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const run = await getRun(token, id);
    expect(run.status).toBe("COMPLETED");
    expect(run.node_executions).toHaveLength(20);
    const values = run.node_executions.flatMap((e) => e.output.chunk ?? []);
    expect(values).toHaveLength(300);
    const shown = values.filter((v) => typeof v === "string") as string[];
    const omitted = values.filter((v) => typeof v === "object") as { $agentflare_omitted: { size: number } }[];
    expect(shown.length).toBeGreaterThan(0);
    expect(omitted.length).toBeGreaterThan(0);
    expect(shown.reduce((n, v) => n + v.length, 0)).toBeLessThanOrEqual(VIEW_BUDGET_BYTES);
    expect(omitted[0]?.$agentflare_omitted.size).toBe(120 * 1024 + 2);
  }, 120_000);
});
