// Webhook triggers end to end in workerd: a graph whose entry is GenericWebhookTriggerBlock gets a webhook when
// saved; deliveries with the secret or a signature start runs through the one start path (trigger "webhook"),
// everything else is refused and recorded.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../worker/app";
import { hmacHex } from "../worker/jobs/hmac";
import { releaseSignature } from "../worker/webhooks/verify";
import { BLOCK, createGraph, getRun, graphJson, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

const TRIGGER = "8fa8c167-2002-47ce-aba8-97572fc5d387";

type Webhook = { id: string; graph_id: string; node_id: string; url: string; has_secret: boolean };
type Delivery = { status: number; execution_id: string | null; body_bytes: number; error: string | null };

function triggerGraph(triggerId = uid("hook")) {
  const [body, consts] = [uid("out"), uid("out")];
  return graphJson(
    "on webhook",
    [
      { id: triggerId, block_id: TRIGGER, input_default: { constants: { source: "test" } } },
      { id: body, block_id: BLOCK.output, input_default: { name: "body" } },
      { id: consts, block_id: BLOCK.output, input_default: { name: "constants" } },
    ],
    [
      [triggerId, "payload", body, "value"],
      [triggerId, "constants", consts, "value"],
    ],
  );
}

/** A user, their trigger graph, its webhook and a fresh secret. */
async function setup() {
  const { token } = await signUp();
  const graph = await createGraph(token, triggerGraph());
  const list = (await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as { items: Webhook[] };
  expect(list.items).toHaveLength(1);
  const hook = list.items[0] as Webhook;
  // No secret nobody has seen: until the owner makes one (and sees it once), every delivery is refused.
  expect(hook).toMatchObject({ graph_id: graph.id, has_secret: false });
  expect(hook.url).toMatch(new RegExp(`/api/v1/webhooks/${hook.id}/ingress$`));
  const rotated = await api(`/webhooks/${hook.id}/secret`, { token, method: "POST" });
  expect(rotated.status).toBe(200);
  const { secret } = (await rotated.json()) as { secret: string };
  expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
  return { token, graph, hook, secret };
}

/** A new active version of the graph without the trigger node: its deliveries are 410 until it comes back. */
async function dropTrigger(token: string, graphId: string) {
  const [store, out] = [uid("store"), uid("out")];
  const plain = graphJson(
    "no trigger",
    [
      { id: store, block_id: BLOCK.store, input_default: { input: "x" } },
      { id: out, block_id: BLOCK.output, input_default: { name: "o" } },
    ],
    [[store, "output", out, "value"]],
  );
  expect((await api(`/graphs/${graphId}`, { token, method: "PUT", json: plain })).status).toBe(200);
}

/** POSTs a raw body to the webhook's ingress URL. */
const post = (hookId: string, body: string, headers: Record<string, string> = {}, query = "") =>
  fetchRaw(`/api/v1/webhooks/${hookId}/ingress${query}`, body, { "Content-Type": "application/json", ...headers });

async function fetchRaw(path: string, body: string, headers: Record<string, string>) {
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(new Request(`http://local.test${path}`, { method: "POST", headers, body }));
}

async function signed(secret: string, body: string, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

async function finished(token: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const run = await getRun(token, id);
    if (["COMPLETED", "FAILED", "TERMINATED"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("run did not finish");
}

async function deliveries(token: string, hookId: string, count: number): Promise<Delivery[]> {
  for (let i = 0; i < 100; i++) {
    const res = await api(`/webhooks/${hookId}/deliveries?limit=50`, { token });
    const { items } = (await res.json()) as { items: Delivery[] };
    if (items.length >= count) return items;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("deliveries not recorded");
}

describe("webhook triggers", () => {
  it("a saved trigger's webhook has no secret until its owner makes one (and sees it): deliveries are refused", async () => {
    const { token } = await signUp();
    const graph = await createGraph(token, triggerGraph());
    const [hook] = ((await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as { items: Webhook[] })
      .items;
    expect(hook?.has_secret).toBe(false);
    const early = await post(hook?.id ?? "", "{}", { Authorization: "Bearer whsec_guess" });
    expect(early.status).toBe(401);
    expect(JSON.stringify(await early.json())).toContain("no secret yet");
    const { secret } = (await (await api(`/webhooks/${hook?.id}/secret`, { token, method: "POST" })).json()) as {
      secret: string;
    };
    expect((await post(hook?.id ?? "", "{}", { Authorization: `Bearer ${secret}` })).status).toBe(202);
  });

  it("a delivery with the secret starts a run with trigger webhook and the payload on the trigger node", async () => {
    const { token, hook, secret } = await setup();
    const body = JSON.stringify({ order: 42, items: ["a", "b"] });
    const res = await post(hook.id, body, { Authorization: `Bearer ${secret}` });
    expect(res.status, await res.clone().text()).toBe(202);
    const { execution_id } = (await res.json()) as { execution_id: string };
    const run = await finished(token, execution_id);
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs).toEqual({ body: [{ order: 42, items: ["a", "b"] }], constants: [{ source: "test" }] });
    expect((run as unknown as { trigger: unknown }).trigger).toEqual({ type: "webhook", webhook_id: hook.id });
    // The runs index row is written as the run records its status.
    await expect
      .poll(async () => {
        const listed = (await (await api("/executions?trigger=webhook", { token })).json()) as {
          items: { id: string }[];
        };
        return listed.items.map((r) => r.id);
      })
      .toEqual([execution_id]);

    // A non-JSON body reaches the trigger as text.
    const text = await post(hook.id, "plain words", {
      Authorization: `Bearer ${secret}`,
      "Content-Type": "text/plain",
    });
    expect(text.status).toBe(202);
    const textRun = await finished(token, ((await text.json()) as { execution_id: string }).execution_id);
    expect(textRun.outputs.body).toEqual(["plain words"]);
  });

  it("refuses a missing or wrong secret with 401, and an old secret after a new one is made", async () => {
    const { token, hook, secret } = await setup();
    expect((await post(hook.id, "{}")).status).toBe(401);
    expect((await post(hook.id, "{}", { Authorization: "Bearer whsec_wrong" })).status).toBe(401);
    const { secret: newer } = (await (await api(`/webhooks/${hook.id}/secret`, { token, method: "POST" })).json()) as {
      secret: string;
    };
    expect((await post(hook.id, "{}", { Authorization: `Bearer ${secret}` })).status).toBe(401);
    expect((await post(hook.id, "{}", { Authorization: `Bearer ${newer}` })).status).toBe(202);
    expect((await post("no-such-webhook", "{}", { Authorization: `Bearer ${newer}` })).status).toBe(404);
    const items = await deliveries(token, hook.id, 4);
    expect(items.map((d) => d.status).sort()).toEqual([202, 401, 401, 401]);
    // Someone else cannot read the deliveries or make a secret.
    const other = await signUp();
    expect((await api(`/webhooks/${hook.id}/deliveries`, { token: other.token })).status).toBe(404);
    expect((await api(`/webhooks/${hook.id}/secret`, { token: other.token, method: "POST" })).status).toBe(404);
    expect(((await (await api("/webhooks", { token: other.token })).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("accepts a good signature once; a bad, replayed or stale signature is 401", async () => {
    const { token, hook, secret } = await setup();
    const body = JSON.stringify({ signed: true });
    const signature = await signed(secret, body);
    const good = await post(hook.id, body, { "X-Agentflare-Signature": signature });
    expect(good.status, await good.clone().text()).toBe(202);
    const replay = await post(hook.id, body, { "X-Agentflare-Signature": signature });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { message: expect.stringContaining("replay") } });
    // Signed over a different body (tampered in transit).
    expect(
      (await post(hook.id, JSON.stringify({ signed: false }), { "X-Agentflare-Signature": await signed(secret, body) }))
        .status,
    ).toBe(401);
    // Signed with another secret.
    expect((await post(hook.id, body, { "X-Agentflare-Signature": await signed("whsec_other", body) })).status).toBe(
      401,
    );
    // Correctly signed, but six minutes old.
    const stale = await signed(secret, body, Math.floor(Date.now() / 1000) - 360);
    expect((await post(hook.id, body, { "X-Agentflare-Signature": stale })).status).toBe(401);
    const run = await finished(token, ((await good.json()) as { execution_id: string }).execution_id);
    expect(run.outputs.body).toEqual([{ signed: true }]);
  });

  it("a signed delivery that started nothing leaves its signature good for the sender's identical retry", async () => {
    const { token, graph, hook, secret } = await setup();
    // The owner's active version loses the trigger for a while: the delivery is 410 and starts nothing.
    await dropTrigger(token, graph.id);
    const body = JSON.stringify({ order: 42 });
    const signature = await signed(secret, body);
    expect((await post(hook.id, body, { "X-Agentflare-Signature": signature })).status).toBe(410);
    // The trigger is back; the sender retries the very same request within the window.
    expect((await api(`/graphs/${graph.id}`, { token, method: "PUT", json: triggerGraph(hook.node_id) })).status).toBe(
      200,
    );
    const retry = await post(hook.id, body, { "X-Agentflare-Signature": signature });
    expect(retry.status, await retry.clone().text()).toBe(202);
    const run = await finished(token, ((await retry.json()) as { execution_id: string }).execution_id);
    expect(run.outputs.body).toEqual([{ order: 42 }]);
    // Accepted once, it is spent: the same request again is a replay.
    expect((await post(hook.id, body, { "X-Agentflare-Signature": signature })).status).toBe(401);
  });

  it("a signed delivery given back after its run was stored cannot start a second run when the sender retries", async () => {
    const { token, hook, secret } = await setup();
    const body = JSON.stringify({ order: 7 });
    const signature = await signed(secret, body);
    const first = await post(hook.id, body, { "X-Agentflare-Signature": signature });
    expect(first.status).toBe(202);
    const { execution_id } = (await first.json()) as { execution_id: string };
    // As when the start failed after the run object stored the run (the delivery answers 5xx and gives its
    // signature back): the sender's identical retry is let through, and must reach that same run.
    const v1 = /v1=([0-9a-f]{64})/.exec(signature)?.[1] ?? "";
    await releaseSignature(env, hook.id, v1);
    const retry = await post(hook.id, body, { "X-Agentflare-Signature": signature });
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { execution_id: string }).execution_id).toBe(execution_id);
    await finished(token, execution_id);
    const runs = async () =>
      ((await (await api(`/executions?graph_id=${hook.graph_id}`, { token })).json()) as { items: { id: string }[] })
        .items;
    await expect.poll(async () => (await runs()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await runs()).map((r) => r.id)).toEqual([execution_id]);
  });

  it("refuses an Idempotency-Key over 200 characters with 400 naming the header, as execute does", async () => {
    const { hook, secret } = await setup();
    const res = await post(hook.id, "{}", { Authorization: `Bearer ${secret}`, "Idempotency-Key": "k".repeat(201) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("idempotency-key");
  });

  it("refuses a body over MAX_BODY_BYTES with 413, starts nothing and records the delivery with its size", async () => {
    const { token, hook, secret } = await setup();
    const limit = Number(env.MAX_BODY_BYTES);
    const big = JSON.stringify({ blob: "x".repeat(limit + 10) });
    const res = await post(hook.id, big, { Authorization: `Bearer ${secret}` });
    expect(res.status).toBe(413);
    // Streamed without a length (chunked): refused once the limit is passed, the rest never read.
    let pulled = 0;
    const chunk = new TextEncoder().encode("y".repeat(64 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const { exports } = await import("cloudflare:workers");
    const streamed = await exports.default.fetch(
      new Request(`http://local.test/api/v1/webhooks/${hook.id}/ingress`, {
        method: "POST",
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": "text/plain" },
        body: endless,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(limit + 4 * chunk.byteLength);
    const runs = (await (await api("/executions?trigger=webhook", { token })).json()) as { items: unknown[] };
    expect(runs.items).toEqual([]);
    const items = await deliveries(token, hook.id, 2);
    // Declared length for the first, the limit + 1 (where reading stopped) for the streamed one.
    expect(items.map((d) => [d.status, d.execution_id, d.body_bytes]).sort()).toEqual(
      [
        [413, null, limit + 1],
        [413, null, new TextEncoder().encode(big).byteLength],
      ].sort(),
    );
    expect(items.every((d) => d.error?.includes(`exceeds ${limit} bytes`))).toBe(true);
    // The webhook list shows it as the last delivery.
    const listed = (await (await api(`/webhooks?graph_id=${hook.graph_id}`, { token })).json()) as {
      items: { last_delivery: { status: number } | null }[];
    };
    expect(listed.items[0]?.last_delivery?.status).toBe(413);
    // An unknown webhook's oversized delivery is refused the same and records nothing.
    expect((await post("no-such-webhook", big)).status).toBe(413);
    const stray = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ?")
      .bind("no-such-webhook")
      .first<{ n: number }>();
    expect(stray?.n).toBe(0);
  });

  it("counts refused oversized deliveries against the webhook's rate limit, without reading their bodies", async () => {
    const { token, hook, secret } = await setup();
    const limits = { WEBHOOK_RATE_LIMIT_PER_MINUTE: "3", MAX_BODY_BYTES: "64" };
    /** The whole app with a small rate limit and body limit (the suite's are generous). */
    const deliver = async (body: BodyInit, headers: Record<string, string> = {}) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request(`http://local.test/api/v1/webhooks/${hook.id}/ingress`, {
          method: "POST",
          headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", ...headers },
          body,
          duplex: "half",
        } as RequestInit),
        { ...env, ...limits } as unknown as Env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res;
    };
    const big = JSON.stringify({ blob: "x".repeat(100) });
    expect((await deliver(big)).status).toBe(413);
    expect((await deliver(big)).status).toBe(413);
    // A chunked one counts as well, and is still not read past the limit.
    let pulled = 0;
    const chunk = new TextEncoder().encode("y".repeat(1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    expect((await deliver(endless, { "Content-Type": "text/plain" })).status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(4 * chunk.byteLength);
    // The limit is spent: a good delivery is refused like any delivery past it, and so is another oversized one.
    const good = await deliver("{}");
    expect(good.status).toBe(429);
    expect(Number(good.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect((await deliver(big)).status).toBe(429);
    const runs = (await (await api("/executions?trigger=webhook", { token })).json()) as { items: unknown[] };
    expect(runs.items).toEqual([]);
    const items = await deliveries(token, hook.id, 5);
    expect(items.map((d) => d.status).sort()).toEqual([413, 413, 413, 429, 429]);
  });

  it("with ?wait= answers 200 with the run's outputs", async () => {
    const { hook, secret } = await setup();
    const res = await post(hook.id, JSON.stringify({ q: "hello" }), { Authorization: `Bearer ${secret}` }, "?wait=20");
    expect(res.status, await res.clone().text()).toBe(200);
    const answer = (await res.json()) as { execution_id: string; status: string; outputs: Record<string, unknown[]> };
    expect(answer).toMatchObject({
      status: "COMPLETED",
      outputs: { body: [{ q: "hello" }], constants: [{ source: "test" }] },
      trigger: { type: "webhook", webhook_id: hook.id },
    });
    expect(answer.execution_id).toMatch(/.+/);
  });

  it("a deleted graph is 404; an active version without the trigger is 410; both recorded", async () => {
    const { token, graph, hook, secret } = await setup();
    await dropTrigger(token, graph.id);
    const gone = await post(hook.id, "{}", { Authorization: `Bearer ${secret}` });
    expect(gone.status).toBe(410);

    expect((await api(`/graphs/${graph.id}`, { token, method: "DELETE" })).status).toBe(204);
    const deleted = await post(hook.id, "{}", { Authorization: `Bearer ${secret}` });
    expect(deleted.status).toBe(404);
    const items = await deliveries(token, hook.id, 2);
    expect(items.map((d) => d.status)).toEqual([404, 410]);
    expect(items.every((d) => d.execution_id === null && d.body_bytes === 2)).toBe(true);
    // A deleted graph's webhook is no longer listed.
    expect(((await (await api("/webhooks", { token })).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("sees the graph's active version as it is in D1 at each delivery (one query with the webhook row)", async () => {
    const { token, graph, hook, secret } = await setup();
    await dropTrigger(token, graph.id);
    expect((await post(hook.id, "{}", { Authorization: `Bearer ${secret}` })).status).toBe(410);
    const back = await api(`/graphs/${graph.id}`, { token, method: "PATCH", json: { active_version: 1 } });
    expect(back.status, await back.clone().text()).toBe(200);
    expect((await post(hook.id, "{}", { Authorization: `Bearer ${secret}` })).status).toBe(202);
    // Another isolate makes version 2 active (written straight to D1: nothing in this isolate is told): the very
    // next delivery already answers 410, not only once a cached version has expired.
    await env.DB.prepare("UPDATE graphs SET is_active = (version = 2) WHERE id = ?").bind(graph.id).run();
    expect((await post(hook.id, "{}", { Authorization: `Bearer ${secret}` })).status).toBe(410);
    await env.DB.prepare("DELETE FROM graphs WHERE id = ?").bind(graph.id).run();
    expect((await post(hook.id, "{}", { Authorization: `Bearer ${secret}` })).status).toBe(404);
  });

  it("records every accepted delivery once, with its run and size; a redelivery by Idempotency-Key too", async () => {
    const { token, hook, secret } = await setup();
    const body = JSON.stringify({ id: "evt_1" });
    const headers = { Authorization: `Bearer ${secret}`, "Idempotency-Key": "evt_1" };
    const first = await post(hook.id, body, headers);
    expect(first.status).toBe(202);
    const again = await post(hook.id, body, headers);
    expect(again.status).toBe(202);
    const { execution_id } = (await first.json()) as { execution_id: string };
    expect(((await again.json()) as { execution_id: string }).execution_id).toBe(execution_id);
    const other = await post(hook.id, "{}", { Authorization: `Bearer ${secret}` });
    const otherId = ((await other.json()) as { execution_id: string }).execution_id;
    await finished(token, execution_id);
    await finished(token, otherId);
    const items = await deliveries(token, hook.id, 3);
    expect(items.map((d) => [d.status, d.execution_id, d.body_bytes]).sort()).toEqual(
      [
        [202, execution_id, body.length],
        [202, execution_id, body.length],
        [202, otherId, 2],
      ].sort(),
    );
    const listed = (await (await api(`/webhooks?graph_id=${hook.graph_id}`, { token })).json()) as {
      items: { last_delivery: { at: string; status: number } | null }[];
    };
    expect(listed.items[0]?.last_delivery?.status).toBe(202);
    // Nothing is recorded twice once the runs are over.
    await new Promise((r) => setTimeout(r, 200));
    expect(await deliveries(token, hook.id, 3)).toHaveLength(3);
  });

  it("keeps the webhook (URL and secret) when a new version keeps the trigger node", async () => {
    const { token, graph, hook, secret } = await setup();
    const current = (await (await api(`/graphs/${graph.id}`, { token })).json()) as ReturnType<typeof triggerGraph>;
    const res = await api(`/graphs/${graph.id}`, { token, method: "PUT", json: { ...current, name: "renamed" } });
    expect(res.status).toBe(200);
    const list = (await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as { items: Webhook[] };
    expect(list.items.map((w) => w.id)).toEqual([hook.id]);
    expect((await post(hook.id, "{}", { Authorization: `Bearer ${secret}` })).status).toBe(202);
  });
});

describe("webhooks naming a preset", () => {
  /** A trigger graph with an input `greeting` (default "plain") that comes out as `said`, and a preset of it. */
  async function withPreset() {
    const { token, hook, secret, graph } = await setupGreeting();
    const res = await api("/library/presets", {
      token,
      json: { graph_id: graph.id, name: "Friendly", inputs: { greeting: "hello from preset" } },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const preset = (await res.json()) as { id: string };
    return { token, hook, secret, graph, preset };
  }

  async function setupGreeting() {
    const { token } = await signUp();
    const [trigger, input, said, body] = [uid("hook"), uid("in"), uid("out"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "greet on webhook",
        [
          { id: trigger, block_id: TRIGGER },
          { id: input, block_id: BLOCK.input, input_default: { name: "greeting", value: "plain" } },
          { id: said, block_id: BLOCK.output, input_default: { name: "said" } },
          { id: body, block_id: BLOCK.output, input_default: { name: "body" } },
        ],
        [
          [input, "result", said, "value"],
          [trigger, "payload", body, "value"],
        ],
      ),
    );
    const { items } = (await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as { items: Webhook[] };
    const hook = items[0] as Webhook;
    const { secret } = (await (await api(`/webhooks/${hook.id}/secret`, { token, method: "POST" })).json()) as {
      secret: string;
    };
    return { token, hook, secret, graph };
  }

  const deliver = async (hookId: string, secret: string, body: unknown) => {
    const res = await post(hookId, JSON.stringify(body), { Authorization: `Bearer ${secret}` }, "?wait=30");
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { outputs: Record<string, unknown[]>; execution_id: string };
  };

  const listed = async (token: string, graphId: string) =>
    (
      (await (await api(`/webhooks?graph_id=${graphId}`, { token })).json()) as {
        items: { preset_id: string | null }[];
      }
    ).items[0];

  it("a delivery runs with the preset's inputs and the payload on the trigger; null goes back to none", async () => {
    const { token, hook, secret, graph, preset } = await withPreset();
    expect((await deliver(hook.id, secret, { n: 1 })).outputs.said).toEqual(["plain"]);

    const set = await api(`/webhooks/${hook.id}`, { token, method: "PATCH", json: { preset_id: preset.id } });
    expect(set.status, await set.clone().text()).toBe(200);
    expect(await set.json()).toMatchObject({ id: hook.id, preset_id: preset.id });
    expect(await listed(token, graph.id)).toMatchObject({ preset_id: preset.id });

    const run = await deliver(hook.id, secret, { n: 2 });
    expect(run.outputs).toEqual({ said: ["hello from preset"], body: [{ n: 2 }] });
    expect((await getRun(token, run.execution_id)).inputs).toMatchObject({ greeting: "hello from preset" });

    const unset = await api(`/webhooks/${hook.id}`, { token, method: "PATCH", json: { preset_id: null } });
    expect(await unset.json()).toMatchObject({ preset_id: null });
    expect((await deliver(hook.id, secret, { n: 3 })).outputs.said).toEqual(["plain"]);
  });

  it("refuses another user's preset, a preset of another graph, and another user's webhook", async () => {
    const { token, hook, preset } = await withPreset();
    const other = await withPreset();
    const refused = async (presetId: string) => {
      const res = await api(`/webhooks/${hook.id}`, { token, method: "PATCH", json: { preset_id: presetId } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { details: [{ path: "preset_id" }] } });
    };
    await refused(other.preset.id); // someone else's: reads like an unknown id
    await refused("no-such-preset");
    // The owner's own preset, but of another of their graphs.
    const elsewhere = await api("/library/presets", {
      token,
      json: { graph_id: (await createGraph(token, triggerGraph())).id, name: "elsewhere" },
    });
    await refused(((await elsewhere.json()) as { id: string }).id);
    // Someone else cannot point this webhook at anything, not even their own preset.
    const foreign = await api(`/webhooks/${hook.id}`, {
      token: other.token,
      method: "PATCH",
      json: { preset_id: other.preset.id },
    });
    expect(foreign.status).toBe(404);
    const stillMine = await api(`/webhooks/${hook.id}`, { token, method: "PATCH", json: { preset_id: preset.id } });
    expect(stillMine.status).toBe(200);
  });

  it("deleting the preset puts the webhook back to no preset; deliveries keep starting runs", async () => {
    const { token, hook, secret, graph, preset } = await withPreset();
    await api(`/webhooks/${hook.id}`, { token, method: "PATCH", json: { preset_id: preset.id } });
    expect((await api(`/library/presets/${preset.id}`, { token, method: "DELETE" })).status).toBe(204);
    expect(await listed(token, graph.id)).toMatchObject({ preset_id: null });
    expect((await deliver(hook.id, secret, { n: 4 })).outputs.said).toEqual(["plain"]);
  });
});

describe("webhook signatures sent at once", () => {
  it("the same signed delivery five times at once starts one run; the others are replays", async () => {
    const { hook, secret } = await setup();
    const body = JSON.stringify({ at: "once" });
    const signature = await signed(secret, body);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post(hook.id, body, { "X-Agentflare-Signature": signature })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([202, 401, 401, 401, 401]);
  });

  it("a failing delivery's copies sent at once: none starts a run, and the signature is good again afterwards", async () => {
    const { token, graph, hook, secret } = await setup();
    await dropTrigger(token, graph.id);
    const body = JSON.stringify({ at: "once, failing" });
    const signature = await signed(secret, body);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => post(hook.id, body, { "X-Agentflare-Signature": signature })),
    );
    expect(answers.every((r) => r.status === 410 || r.status === 401)).toBe(true);
    expect((await api(`/graphs/${graph.id}`, { token, method: "PUT", json: triggerGraph(hook.node_id) })).status).toBe(
      200,
    );
    const retries = await Promise.all(
      Array.from({ length: 3 }, () => post(hook.id, body, { "X-Agentflare-Signature": signature })),
    );
    expect(retries.map((r) => r.status).sort()).toEqual([202, 401, 401]);
  });
});
