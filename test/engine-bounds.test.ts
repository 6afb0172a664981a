// Bounds that keep a run from living forever: the whole-run timeout and the no-progress watchdog, both
// enforced by the run's alarm with a clear FAILED reason. Driven on the run object directly, with tiny limits.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { StartRequest } from "../durable-objects/graph-run";
import { runStub } from "../worker/executions/run-stub";
import { BLOCK, newUser, uid } from "./engine-helpers";

const stubFor = (id: string) => env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(id));

async function startSleeper(options: StartRequest["options"]) {
  const { userId } = await newUser();
  const executionId = crypto.randomUUID();
  const node = uid("slow");
  const started = await runStub(env, executionId).start({
    executionId,
    ownerId: userId,
    graphId: crypto.randomUUID(),
    graphVersion: 1,
    graph: {
      nodes: [{ id: node, block_id: BLOCK.sleep, input_default: { ms: 10_000, value: 1 }, metadata: {} }],
      links: [],
    },
    inputs: {},
    options,
  });
  expect(started).toMatchObject({ ok: true, status: "RUNNING" });
  return { executionId, userId };
}

describe("run bounds", () => {
  it("fails a run that exceeds its whole-run timeout, terminating what is in flight", async () => {
    const { executionId, userId } = await startSleeper({ runTimeoutMs: 20 });
    await new Promise((r) => setTimeout(r, 40));
    await runDurableObjectAlarm(stubFor(executionId));
    const run = await runStub(env, executionId).view(userId);
    expect(run?.status).toBe("FAILED");
    expect(run?.error).toBe("Run timeout: exceeded 0 s");
    expect(run?.node_executions[0]?.status).toBe("TERMINATED");
  });

  it("fails a run with no progress past the stall limit (watchdog)", async () => {
    const { executionId, userId } = await startSleeper({ stallMs: 20 });
    await new Promise((r) => setTimeout(r, 40));
    await runDurableObjectAlarm(stubFor(executionId));
    const run = await runStub(env, executionId).view(userId);
    expect(run?.status).toBe("FAILED");
    expect(run?.error).toMatch(/^Watchdog: no progress for \d+ s$/);
  });
});
