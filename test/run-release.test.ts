// Issue 15, defect 7 (memory): a finished run's object lets go of itself (durable-objects/run-release.ts) instead of
// keeping its instance and open database in the runtime for minutes; it stays readable, and a run that still
// needs its object (waiting for a reviewer, a socket open on it) keeps it.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RELEASE_AFTER_MS } from "../durable-objects/run-release";
import { BLOCK, createGraph, execute, getRun, graphJson, newUser, runObject, uid } from "./engine-helpers";
import { api } from "./helpers/auth";

const HITL = "8b2a7b3c-6e9d-4a5f-8c1b-2e3f4a5b6c7d";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tags the object's current instance; `sameInstance` tells whether that instance is still the one in memory. */
const tag = (id: string, mark: string) =>
  runInDurableObject(runObject(id), (instance) => {
    (instance as unknown as { mark?: string }).mark = mark;
  });
const markOf = (id: string) =>
  runInDurableObject(runObject(id), (instance) => (instance as unknown as { mark?: string }).mark);

async function finishedRun(token: string) {
  const out = uid("out");
  const graph = await createGraph(
    token,
    graphJson("one output", [{ id: out, block_id: BLOCK.output, input_default: { name: "n", value: 7 } }], []),
  );
  const res = await execute(token, graph.id, {}, 30);
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

describe("finished runs release their object", () => {
  it("a finished run's instance is gone a moment after its last call; the run stays readable and listed", async () => {
    const { token } = await newUser();
    const id = await finishedRun(token);
    await tag(id, "first");
    expect(await markOf(id)).toBe("first");
    await sleep(RELEASE_AFTER_MS + 1_000);
    expect(await markOf(id)).toBeUndefined();

    const run = await getRun(token, id);
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs).toEqual({ n: [7] });
    expect(await listedStatus(token, id)).toBe("COMPLETED");
  });

  it("a read keeps it in memory: released only RELEASE_AFTER_MS after the last call", async () => {
    const { token } = await newUser();
    const id = await finishedRun(token);
    await tag(id, "kept");
    for (let i = 0; i < 3; i++) {
      await sleep(RELEASE_AFTER_MS / 2);
      expect((await getRun(token, id)).status).toBe("COMPLETED");
    }
    expect(await markOf(id)).toBe("kept");
  });

  it("a run waiting for a reviewer keeps its object", async () => {
    const { token } = await newUser();
    const review = uid("review");
    const graph = await createGraph(
      token,
      graphJson("waits", [{ id: review, block_id: HITL, input_default: { data: "x", name: "check" } }], []),
    );
    const res = await execute(token, graph.id);
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { execution_id: string }).execution_id;
    for (let i = 0; i < 100 && (await getRun(token, id)).status !== "REVIEW"; i++) await sleep(20);
    expect((await getRun(token, id)).status).toBe("REVIEW");
    await tag(id, "waiting");
    await sleep(RELEASE_AFTER_MS + 1_000);
    expect(await markOf(id)).toBe("waiting");
  });
});

async function listedStatus(token: string, id: string): Promise<string | undefined> {
  const res = await api("/executions?limit=50", { token });
  const body = (await res.json()) as { items: { id: string; status: string }[] };
  return body.items.find((x) => x.id === id)?.status;
}
