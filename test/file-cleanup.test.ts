// The cron's file sweep, through the real scheduled() handler: files of deleted runs and of runs of deleted graphs
// are removed; files of live runs, uploads, and anything younger than the grace period stay.
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import { newUser } from "./engine-helpers";
import { api } from "./helpers/auth";
import { storeFileRun, uploadFile } from "./helpers/files";

/** Runs the cron handler at `at` until the sweep has walked the whole bucket once. */
async function sweepAll(at: number) {
  for (let i = 0; i < 50; i++) {
    await worker.scheduled(
      createScheduledController({ scheduledTime: at, cron: "* * * * *" }),
      env,
      createExecutionContext(),
    );
    if (!(await env.FILES.head("system/file-cleanup-cursor"))) return;
  }
  throw new Error("the sweep never reached the end of the bucket");
}

/** Waits until the owner's runs have their index rows (the run objects write them in batches, a moment later). */
async function indexed(ownerId: string, count: number) {
  for (let i = 0; i < 200; i++) {
    const row = await env.DB.prepare("SELECT count(*) AS n FROM executions WHERE owner_id = ?")
      .bind(ownerId)
      .first<{ n: number }>();
    if ((row?.n ?? 0) >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the runs' index rows never arrived");
}

const exists = async (uri: string) => (await env.FILES.head(uri.slice("r2://".length))) !== null;

async function fileRun(token: string) {
  const { graphId, run, uri } = await storeFileRun(token, `data:text/plain;base64,${btoa("kept?")}`);
  return { graphId, runId: run.id, uri };
}

async function upload(token: string) {
  const res = await uploadFile(token, "mine", "mine.txt");
  return ((await res.json()) as { uri: string }).uri;
}

describe("cron cleanup of run files", () => {
  it("removes orphans and deleted graphs' run files; keeps live runs, uploads and recent objects", async () => {
    const { token, userId } = await newUser();
    const live = await fileRun(token);
    const ofDeletedGraph = await fileRun(token);
    const uploaded = await upload(token);
    // Left behind by a run whose index row is gone (a deletion that stopped part-way), many keys to page through.
    const orphanRun = crypto.randomUUID();
    const orphans = Array.from({ length: 30 }, (_, i) => `runs/${userId}/${orphanRun}/files/${i}/x.txt`);
    for (const key of orphans) await env.FILES.put(key, "orphan");
    expect((await api(`/graphs/${ofDeletedGraph.graphId}`, { token, method: "DELETE" })).status).toBe(204);

    await indexed(userId, 2);
    // Within the grace period nothing goes: a starting run may write before its row exists.
    await sweepAll(Date.now());
    expect(await env.FILES.head(orphans[0] as string)).not.toBeNull();
    expect(await exists(ofDeletedGraph.uri), "deleted graph within grace").toBe(true);

    await sweepAll(Date.now() + 60 * 60_000);
    for (const key of orphans) expect(await env.FILES.head(key)).toBeNull();
    expect(await exists(ofDeletedGraph.uri)).toBe(false);
    expect(await exists(live.uri), `live ${live.uri}`).toBe(true);
    expect(await exists(uploaded), `upload ${uploaded}`).toBe(true);
    // The live run still reads and downloads.
    const link = await api("/files/links", { token, json: { uri: live.uri } });
    expect(link.status).toBe(201);
  });

  it("walks a bucket larger than one tick's budget over several ticks", async () => {
    const { userId } = await newUser();
    const budget = Number(env.FILES_CLEANUP_KEYS_PER_TICK);
    const run = crypto.randomUUID();
    const keys = Array.from({ length: budget + 5 }, (_, i) => `runs/${userId}/${run}/files/${i}/y.txt`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((k) => env.FILES.put(k, "y")));
    const at = Date.now() + 60 * 60_000;
    await worker.scheduled(
      createScheduledController({ scheduledTime: at, cron: "* * * * *" }),
      env,
      createExecutionContext(),
    );
    expect(await env.FILES.head("system/file-cleanup-cursor")).not.toBeNull();
    await sweepAll(at);
    const left = await env.FILES.list({ prefix: `runs/${userId}/${run}/` });
    expect(left.objects).toHaveLength(0);
  });
});
