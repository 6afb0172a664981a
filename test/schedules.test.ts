// Schedules end to end in workerd: the API, the real scheduled() handler selecting due rows and sending to the
// JOBS queue, the real queue consumer starting runs through the one start path.
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

type Schedule = {
  id: string;
  graph_id: string;
  graph_version: number;
  paused: boolean;
  next_fire_times: string[];
  last_run: {
    execution_id: string | null;
    status: string | null;
    fired_at: string | null;
    error: string | null;
  } | null;
};

async function echoGraph(token: string) {
  const [input, output] = [uid("in"), uid("out")];
  return createGraph(
    token,
    graphJson(
      "echo",
      [
        { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
        { id: output, block_id: BLOCK.output, input_default: { name: "echo" } },
      ],
      [[input, "result", output, "value"]],
    ),
  );
}

async function newSchedule(token: string, graphId: string, body: Record<string, unknown> = {}): Promise<Schedule> {
  const res = await api(`/graphs/${graphId}/schedules`, {
    token,
    json: { name: "every few minutes", cron: "*/5 * * * *", timezone: "UTC", inputs: { text: "tick" }, ...body },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Schedule;
}

/** Runs the real cron handler at `now`. */
async function tick(now = Date.now()) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env, ctx);
}

const makeDue = (id: string, at: string) =>
  env.DB.prepare("UPDATE schedules SET next_run_at = ? WHERE id = ?").bind(at, id).run();

const runsOf = async (scheduleId: string) =>
  (
    await env.DB.prepare("SELECT id, status, trigger_type FROM executions WHERE trigger_id = ?")
      .bind(scheduleId)
      .all<{ id: string; status: string; trigger_type: string }>()
  ).results;

async function getSchedule(token: string, id: string): Promise<Schedule> {
  return (await (await api(`/schedules/${id}`, { token })).json()) as Schedule;
}

describe("schedules API", () => {
  it("creates a schedule with its next five fire times; lists, pauses, resumes, deletes", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const s = await newSchedule(token, graph.id, { cron: "0 9 * * 1-5", timezone: "Europe/Berlin" });
    expect(s).toMatchObject({ graph_id: graph.id, graph_version: 1, paused: false, last_run: null });
    expect(s.next_fire_times).toHaveLength(5);
    for (const t of s.next_fire_times) expect(t).toMatch(/^\d{4}-\d\d-\d\dT0[78]:00:00\.000Z$/);

    const all = (await (await api("/schedules", { token })).json()) as { items: Schedule[] };
    expect(all.items.map((x) => x.id)).toEqual([s.id]);

    const paused = await api(`/schedules/${s.id}`, { token, method: "PATCH", json: { paused: true } });
    expect(await paused.json()).toMatchObject({ paused: true, next_fire_times: [] });
    const resumed = await api(`/schedules/${s.id}`, {
      token,
      method: "PATCH",
      json: { paused: false, cron: "@daily" },
    });
    expect(await resumed.json()).toMatchObject({ paused: false, cron: "@daily" });

    const other = await signUp();
    expect((await api(`/schedules/${s.id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/schedules/${s.id}`, { token: other.token, method: "DELETE" })).status).toBe(404);
    expect((await api(`/schedules/${s.id}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await api(`/schedules/${s.id}`, { token })).status).toBe(404);
  });

  it("answers 400 with field paths for a bad expression, zone or a too short interval", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const post = (json: Record<string, unknown>) =>
      api(`/graphs/${graph.id}/schedules`, { token, json: { name: "x", inputs: { text: "hi" }, ...json } });
    const bad = await post({ cron: "61 * * * *", timezone: "Mars/Base" });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(paths.sort()).toEqual(["cron", "timezone"]);
    // Tests set SCHEDULE_MIN_INTERVAL_SECONDS=120.
    const often = await post({ cron: "* * * * *" });
    expect(often.status).toBe(400);
    expect(await often.json()).toMatchObject({ error: { details: [{ path: "cron" }] } });
    expect((await post({ cron: "*/2 * * * *" })).status).toBe(201);
    expect((await api("/graphs/no-such-graph/schedules", { token, json: { name: "x", cron: "@daily" } })).status).toBe(
      404,
    );
  });

  it("refuses more schedules than the per-user cap", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    // Tests set SCHEDULES_PER_USER=3.
    for (let i = 0; i < 3; i++) await newSchedule(token, graph.id);
    const fourth = await api(`/graphs/${graph.id}/schedules`, {
      token,
      json: { name: "x", cron: "@daily", inputs: { text: "hi" } },
    });
    expect(fourth.status).toBe(403);
  });
});

describe("firing schedules", () => {
  it("the cron handler sends due schedules to the queue; the consumer starts a run marked 'schedule'", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const s = await newSchedule(token, graph.id, { cron: "* * * * *", timezone: "UTC" }).catch(async () =>
      // "* * * * *" is below the tests' minimum interval; a 2-minute schedule made due by hand instead.
      newSchedule(token, graph.id, { cron: "*/2 * * * *" }),
    );
    const now = Date.now();
    const dueAt = new Date(Math.floor(now / 120_000) * 120_000).toISOString();
    await makeDue(s.id, dueAt);
    await tick(now);
    const row = await env.DB.prepare("SELECT next_run_at FROM schedules WHERE id = ?")
      .bind(s.id)
      .first<{ next_run_at: string }>();
    expect(Date.parse(row?.next_run_at as string)).toBeGreaterThan(now);

    await expect
      .poll(async () => (await runsOf(s.id)).map((r) => r.status), { timeout: 15_000 })
      .toEqual(["COMPLETED"]);
    const [run] = await runsOf(s.id);
    const view = (await (await api(`/executions/${run?.id}`, { token })).json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      status: "COMPLETED",
      outputs: { echo: ["tick"] },
      trigger: { type: "schedule", schedule_id: s.id },
    });
    const after = await getSchedule(token, s.id);
    expect(after.last_run).toEqual({ execution_id: run?.id, status: "COMPLETED", fired_at: dueAt, error: null });

    // The global runs list filters by trigger.
    const listed = (await (await api("/executions?trigger=schedule", { token })).json()) as {
      items: { id: string; trigger: { type: string } }[];
    };
    expect(listed.items.map((i) => [i.id, i.trigger.type])).toEqual([[run?.id, "schedule"]]);
    expect(((await (await api("/executions?trigger=webhook", { token })).json()) as { items: [] }).items).toEqual([]);
  });

  it("a fire delivered twice starts one run", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const s = await newSchedule(token, graph.id);
    const fire = { kind: "schedule.fire", schedule_id: s.id, fire_time: "2026-06-01T10:00:00.000Z" };
    const batch = createMessageBatch("agentflare-jobs", [
      { id: "m1", timestamp: Date.now(), attempts: 1, body: fire },
      { id: "m2", timestamp: Date.now(), attempts: 1, body: fire },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);
    // Redelivered later, in another batch.
    const again = createMessageBatch("agentflare-jobs", [{ id: "m3", timestamp: Date.now(), attempts: 2, body: fire }]);
    await worker.queue(again, env, createExecutionContext());
    await expect.poll(async () => (await runsOf(s.id)).length, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await runsOf(s.id)).toHaveLength(1);
    expect((await getSchedule(token, s.id)).last_run?.fired_at).toBe(fire.fire_time);
  });

  it("after downtime runs once, for the latest missed fire, and moves past now", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const s = await newSchedule(token, graph.id, { cron: "*/5 * * * *" });
    const now = Date.now();
    await makeDue(s.id, new Date(now - 3 * 3600_000).toISOString().replace(/:\d\d\.\d+Z$/, ":00.000Z"));
    await tick(now);
    const latest = new Date(Math.floor(now / 300_000) * 300_000).toISOString();
    await expect.poll(async () => (await runsOf(s.id)).length, { timeout: 15_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await runsOf(s.id)).toHaveLength(1);
    await expect.poll(async () => (await getSchedule(token, s.id)).last_run?.fired_at).toBe(latest);
    const next = (await getSchedule(token, s.id)).next_fire_times[0];
    expect(next).toBe(new Date(Math.floor(now / 300_000) * 300_000 + 300_000).toISOString());
    // The next tick in the same minute finds nothing due for it.
    await tick(now + 1000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await runsOf(s.id)).toHaveLength(1);
  });

  it("stops when its graph is deleted", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const s = await newSchedule(token, graph.id);
    expect((await api(`/graphs/${graph.id}`, { token, method: "DELETE" })).status).toBe(204);
    await makeDue(s.id, new Date(Math.floor(Date.now() / 300_000) * 300_000).toISOString());
    await tick();
    await expect.poll(async () => (await getSchedule(token, s.id)).paused, { timeout: 15_000 }).toBe(true);
    const after = await getSchedule(token, s.id);
    expect(after.last_run).toMatchObject({ status: "STOPPED", execution_id: null });
    expect(after.next_fire_times).toEqual([]);
    expect(await runsOf(s.id)).toEqual([]);
  });

  it("records a run that cannot start (inputs no longer fit) without retrying", async () => {
    const { token } = await signUp();
    const graph = await echoGraph(token);
    const refused = await api(`/graphs/${graph.id}/schedules`, {
      token,
      json: { name: "x", cron: "@daily", inputs: { text: "hi", nope: 1 } },
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { details: [{ path: "inputs.nope" }] } });
    const s = await newSchedule(token, graph.id);
    // The graph changed under the schedule: its stored inputs no longer fit.
    await env.DB.prepare("UPDATE schedules SET inputs = ? WHERE id = ?")
      .bind(JSON.stringify({ text: "hi", nope: 1 }), s.id)
      .run();
    const fire = { kind: "schedule.fire", schedule_id: s.id, fire_time: "2026-06-01T10:00:00.000Z" };
    const batch = createMessageBatch("agentflare-jobs", [{ id: "f1", timestamp: Date.now(), attempts: 1, body: fire }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["f1"]);
    const after = await getSchedule(token, s.id);
    expect(after.last_run).toMatchObject({ status: "FAILED_TO_START", error: expect.stringContaining("inputs.nope") });
  });
});
