// A schedule's credentials: checked when the schedule is made (400 naming `credentials.<field>`), bound at every
// fire through the one start path, so the scheduled run's block gets the owner's secret; a credential deleted
// since makes the fire FAILED_TO_START.
import { createExecutionContext, createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import { sha256Hex as sha256 } from "../worker/sha256";
import { SCHEDULE_PROBE_ID } from "./blocks/credential-probes";
import { createGraph, getRun, graphJson, newUser, uid } from "./engine-helpers";
import { api } from "./helpers/auth";

const PROBE = SCHEDULE_PROBE_ID;

type Schedule = {
  id: string;
  last_run: { execution_id: string | null; status: string | null; error: string | null } | null;
};
type ErrorJson = { error: { details: { path: string; message: string }[] } };

async function fire(scheduleId: string, fireTime: string) {
  const batch = createMessageBatch("agentflare-jobs", [
    {
      id: crypto.randomUUID(),
      timestamp: Date.now(),
      attempts: 1,
      body: { kind: "schedule.fire", schedule_id: scheduleId, fire_time: fireTime },
    },
  ]);
  await worker.queue(batch, env, createExecutionContext());
}

const scheduleOf = async (token: string, id: string) =>
  (await (await api(`/schedules/${id}`, { token })).json()) as Schedule;

describe("schedule credentials", () => {
  it("are checked at create, bound at every fire, and a deleted credential stops the fire from starting", async () => {
    const { token } = await newUser();
    const secret = `sk-sched-${crypto.randomUUID()}`;
    const created = await api("/credentials", {
      token,
      json: { provider: "openai", type: "api_key", title: "Sched", api_key: secret },
    });
    expect(created.status).toBe(201);
    const cred = (await created.json()) as { id: string };
    const probe = uid("probe");
    // Test-only blocks are stored straight in D1 (the product's catalog does not have them).
    const graph = await createGraph(
      token,
      graphJson("Scheduled probe", [{ id: probe, block_id: PROBE }], []),
      crypto.randomUUID(),
    );
    const post = (credentials?: Record<string, unknown>) =>
      api(`/graphs/${graph.id}/schedules`, { token, json: { name: "nightly", cron: "0 3 * * *", credentials } });

    const missing = await post();
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorJson).error.details.map((d) => d.path)).toEqual([
      "credentials.openai_api_key_credentials",
    ]);
    const someoneElses = await post({
      openai_api_key_credentials: { id: crypto.randomUUID(), provider: "openai", type: "api_key" },
    });
    expect(someoneElses.status).toBe(400);
    expect(((await someoneElses.json()) as ErrorJson).error.details[0]?.message).toMatch(/Unknown credentials/);

    const meta = { id: cred.id, provider: "openai", type: "api_key", title: "Sched" };
    const ok = await post({ openai_api_key_credentials: meta });
    expect(ok.status, await ok.clone().text()).toBe(201);
    const s = (await ok.json()) as Schedule;

    await fire(s.id, "2026-06-01T03:00:00.000Z");
    await expect
      .poll(async () => (await scheduleOf(token, s.id)).last_run?.execution_id ?? null, { timeout: 10_000 })
      .not.toBeNull();
    const runId = (await scheduleOf(token, s.id)).last_run?.execution_id as string;
    await expect.poll(async () => (await getRun(token, runId)).status, { timeout: 10_000 }).toBe("COMPLETED");
    const run = await getRun(token, runId);
    expect(run.node_executions[0]?.output.digest).toEqual([await sha256(secret)]);
    expect(JSON.stringify(run)).not.toContain(secret);

    // The credential is deleted: the next fire records why it could not start, and starts nothing.
    expect((await api(`/credentials/${cred.id}`, { token, method: "DELETE" })).status).toBe(204);
    await fire(s.id, "2026-06-02T03:00:00.000Z");
    await expect
      .poll(async () => (await scheduleOf(token, s.id)).last_run?.status, { timeout: 10_000 })
      .toBe("FAILED_TO_START");
    expect((await scheduleOf(token, s.id)).last_run?.error).toMatch(/Unknown credentials/);
  });
});
