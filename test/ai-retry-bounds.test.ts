// How often and how long an AI node retries a failing provider (test/fakes/model-server.mjs, real HTTP): the
// structured-response loop's `retry` is for answers that miss the format only, so a timeout or a 5xx is one request
// per node attempt (the call layer and the node's retry policy do the retrying); and a 429 asking to wait longer
// than MODEL_MAX_RETRY_AFTER_MS fails the node at once with the provider's message, retry policy or not.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { StartRequest } from "../durable-objects/graph-run";
import { runStub } from "../worker/executions/run-stub";
import { graphJson, type NodeSpec, newUser, runObject, uid } from "./engine-helpers";
import { addKey } from "./helpers/credentials";

const STRUCTURED = "ed55ac19-356e-4243-a6cb-bc599e9b716f";
const TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";

/** Runs one AI node in a run object whose env carries `overrides`; its execution(s), time taken, requests made. */
async function runAiNode(overrides: Record<string, string>, spec: (cred: unknown, tag: string) => NodeSpec) {
  const { token, userId } = await newUser();
  const cred = await addKey(token, "openai", "sk-ok");
  const tag = crypto.randomUUID();
  const executionId = crypto.randomUUID();
  await runInDurableObject(runObject(executionId), (instance) => {
    (instance as unknown as { env: Env }).env = { ...env, ...overrides } as Env;
  });
  const started = Date.now();
  const answer = await runStub(env, executionId).start({
    executionId,
    ownerId: userId,
    graphId: crypto.randomUUID(),
    graphVersion: 1,
    graph: graphJson("retry bounds", [spec(cred, tag)], []) as StartRequest["graph"],
    inputs: {},
    waitMs: 20_000,
  });
  expect(answer).toMatchObject({ ok: true });
  const view = await runStub(env, executionId).view(userId);
  if (!view) throw new Error("run not found");
  const calls = (await (await fetch(`${env.FAKE_MODEL_SERVER}/calls?contains=${tag}`)).json()) as { calls: unknown[] };
  return { view, ms: Date.now() - started, requests: calls.calls.length };
}

const structured =
  (prompt: string, metadata: Record<string, unknown> = {}) =>
  (cred: unknown, tag: string) => ({
    id: uid("s"),
    block_id: STRUCTURED,
    input_default: { prompt: `${prompt} ${tag}`, expected_format: { city: "c" }, model: "gpt-4o", credentials: cred },
    metadata,
  });

describe("AI node retries against a failing provider", () => {
  it("a structured node makes one request against a 500 (retry 3 is for malformed answers), three under retry count 2", async () => {
    const once = await runAiNode({}, structured("[[500]]"));
    expect(once.requests).toBe(1);
    expect(once.view.node_executions[0]?.status).toBe("FAILED");
    expect(once.view.node_executions[0]?.error).toMatch(/: openai failed \(500\): internal boom$/);

    const policy = await runAiNode({}, structured("[[500]]", { retry: { count: 2, backoff_ms: 10 } }));
    expect(policy.requests).toBe(3);
    expect(policy.view.node_executions[0]).toMatchObject({ status: "FAILED", retry: 2 });
  });

  it("a structured node against a provider that hangs fails after one call's time budget, not three", async () => {
    const { view, ms, requests } = await runAiNode({ MODEL_CALL_TIMEOUT_MS: "300" }, structured("[[hang]]"));
    expect(requests).toBe(1);
    expect(view.node_executions[0]?.status).toBe("FAILED");
    expect(view.node_executions[0]?.error).toMatch(/: Model call to openai timed out after 0.3 s$/);
    expect(ms).toBeLessThan(900);
  });

  it("a 429 asking to wait an hour fails the node at once with the provider's message, despite a retry policy", async () => {
    const { view, ms, requests } = await runAiNode({}, (cred, tag) => ({
      id: uid("t"),
      block_id: TEXT,
      input_default: { prompt: `[[429long]] ${tag}`, model: "gpt-4o", credentials: cred },
      metadata: { retry: { count: 2, backoff_ms: 200 } },
    }));
    const [exec] = view.node_executions;
    expect(exec).toMatchObject({ status: "FAILED", retry: 0 });
    expect(exec?.error).toContain("Rate limited by openai (429): Rate limit reached: try again in an hour");
    expect(exec?.error).toContain("3600 s");
    expect(requests).toBe(1);
    expect(ms).toBeLessThan(5_000);
  });
});
