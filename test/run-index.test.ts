// The executions index is written in batches shared by the runs of an isolate: every run still gets its row,
// a deleted run's row never comes back, an older row never replaces a newer one, and one refused row does
// not take its batch down with it.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { INDEX_BATCH_WINDOW_MS, writeIndexRow } from "../durable-objects/run-index";
import type { RunRow } from "../durable-objects/run-store";
import type { RunSummaryView } from "../engine/views";
import { BLOCK, createGraph, graphJson, runToEnd, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

const statusOf = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM executions WHERE id = ?").bind(id).first<{ status: string }>())?.status;

function indexRow(ownerId: string, executionId: string, status: string, eventSeq: number) {
  const run = {
    executionId,
    ownerId,
    graphId: "g",
    graphVersion: 1,
    idempotencyKey: null,
    eventSeq,
  } as RunRow;
  const summary = {
    status,
    parent_execution_id: null,
    created_at: new Date().toISOString(),
    started_at: null,
    ended_at: null,
    stats: { duration: 0, node_exec_count: 0, node_error_count: 0, cost: 0, node_wall_time: {} },
    trigger: { type: "schedule", schedule_id: "s-1" },
  } as unknown as RunSummaryView;
  return [run, summary] as const;
}

describe("executions index", () => {
  it("lists each of 12 runs that end together; runs deleted as they end leave no row behind", async () => {
    const { token } = await signUp();
    const s = uid("s");
    const graph = await createGraph(
      token,
      graphJson("many", [{ id: s, block_id: BLOCK.store, input_default: { input: 1 } }], []),
    );
    const runs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const run = await runToEnd(token, graph.id);
        if (i % 2 === 1) expect((await api(`/executions/${run.id}`, { token, method: "DELETE" })).status).toBe(204);
        return run.id;
      }),
    );
    const kept = runs.filter((_, i) => i % 2 === 0);
    const listed = async () => {
      const res = await api(`/graphs/${graph.id}/executions?limit=50`, { token });
      return ((await res.json()) as { items: { id: string; status: string }[] }).items;
    };
    await expect.poll(async () => (await listed()).map((r) => r.id).sort()).toEqual([...kept].sort());
    // Nothing still on its way may bring a deleted run back.
    await new Promise((r) => setTimeout(r, INDEX_BATCH_WINDOW_MS * 4));
    expect((await listed()).map((r) => [r.id, r.status]).sort()).toEqual(kept.map((id) => [id, "COMPLETED"]).sort());
  });

  it("keeps the newest row: a row of an earlier moment written later does not replace it", async () => {
    const { user } = await signUp();
    const id = crypto.randomUUID();
    await writeIndexRow(env.DB, ...indexRow(user.id, id, "COMPLETED", 4));
    await writeIndexRow(env.DB, ...indexRow(user.id, id, "RUNNING", 2));
    expect(await statusOf(id)).toBe("COMPLETED");
    // Two rows of one run in the same moment: the later one is written, and both writers hear it.
    await Promise.all([
      writeIndexRow(env.DB, ...indexRow(user.id, id, "RUNNING", 5)),
      writeIndexRow(env.DB, ...indexRow(user.id, id, "FAILED", 6)),
    ]);
    expect(await statusOf(id)).toBe("FAILED");
  });

  it("writes the other rows of a batch when D1 refuses one, and tells only that one's writer", async () => {
    const { user } = await signUp();
    const [good, bad] = [crypto.randomUUID(), crypto.randomUUID()];
    const results = await Promise.allSettled([
      writeIndexRow(env.DB, ...indexRow(user.id, good, "COMPLETED", 1)),
      writeIndexRow(env.DB, ...indexRow("no-such-user", bad, "COMPLETED", 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(await statusOf(good)).toBe("COMPLETED");
    expect(await statusOf(bad)).toBeUndefined();
  });
});
