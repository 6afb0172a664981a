// memory, on a fresh platform: resident memory of the runtime (the workerd process hosting the Worker and its
// objects; beside it all workerd processes incl. wrangler's dev proxy, and the whole `npm start` tree incl.
// wrangler's Node) idle; with 1,000 runs waiting in human review (next, against idle, 15 s and 45 s after); and
// 15 s after the chain10 load (>= 2,000 runs). Disk per run = growth of the persist dir (each run's Durable Object
// is a SQLite file locally) / runs.
import { Unavailable } from "../lib/api.mjs";
import { runLoadgen } from "../lib/loadgen.mjs";
import { sleep } from "../lib/platform.mjs";
import { diskBytes, treeRss } from "../lib/proc.mjs";
import { startHeldRun } from "./ws.mjs";

const SETTLE_MS = 15_000;

export function sampleMemory(ctx, results, label) {
  const m = treeRss(ctx.pid);
  results.put(`memory.${label}_runtime_mb`, m.runtime_mb);
  results.put(`memory.${label}_workerd_mb`, m.workerd_mb);
  results.put(`memory.${label}_tree_mb`, m.tree_mb);
  return m;
}

export async function measureIdle(ctx, results) {
  await sleep(5_000);
  ctx.memory.idle = sampleMemory(ctx, results, "idle");
  ctx.memory.base = ctx.memory.idle;
  ctx.memory.diskBefore = diskBytes(ctx.persistDir);
  ctx.memory.runsBefore = ctx.runs;
}

/** After >= 2,000 runs (chain10's load, or 2,000 chain10 runs of its own when chain10 was not selected). */
export async function measureAfterRuns(ctx, results) {
  if (ctx.runs - ctx.memory.runsBefore < 2000) {
    const { id, shape } = await ctx.agent("chain10");
    const r = await runLoadgen({
      url: `${ctx.base}/api/v1/graphs/${id}/execute?wait=30`,
      body: shape.body,
      expect: shape.expect,
      header: ctx.auth.authHeader,
      params: { warmup: 0, seq: 0, conc: 8, total: 2000, "max-seconds": 120 },
    });
    ctx.runs += r.conc_completed ?? 0;
  }
  const runs = ctx.runs - ctx.memory.runsBefore;
  results.put("memory.runs_so_far", runs);
  await sleep(SETTLE_MS);
  ctx.memory.afterRuns = sampleMemory(ctx, results, "after_runs");
  results.put(
    "memory.after_runs_per_run_kb",
    +(((ctx.memory.afterRuns.runtime_mb - ctx.memory.base.runtime_mb) * 1024) / runs).toFixed(1),
  );
  const grown = diskBytes(ctx.persistDir) - ctx.memory.diskBefore;
  results.put("disk.per_run_kb", +(grown / 1024 / runs).toFixed(1));
  results.put("disk.persist_dir_mb", +(diskBytes(ctx.persistDir) / 2 ** 20).toFixed(1));
}

/** 1,000 runs held in human review; the objects should hibernate and cost (almost) no resident memory. */
export async function measureReview(ctx, results, count = 1000) {
  await startHeldRun(ctx); // proves review works before starting 1,000 of them
  const { id, shape } = await ctx.agent("review1");
  // Measured right after `idle` on a fresh platform, so the delta is the waiting runs' alone (objects of earlier
  // runs being evicted meanwhile would hide it).
  const before = ctx.memory.idle ?? treeRss(ctx.pid);
  const diskBefore = diskBytes(ctx.persistDir);
  let started = 0;
  let failed = 0;
  let next = 0;
  const t0 = Date.now();
  const client = async () => {
    while (next < count) {
      next++;
      const r = await ctx.api.execute(id, shape.body);
      if (r.status === 202 || r.status === 200) started++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, client));
  ctx.runs += started;
  if (!started) throw new Unavailable(`no review run started (${failed} failed)`);
  results.put("memory.review_runs_started", started);
  results.put("memory.review_start_s", +((Date.now() - t0) / 1000).toFixed(1));
  const peak = treeRss(ctx.pid);
  results.put("memory.review_peak_runtime_mb", peak.runtime_mb);
  await sleep(SETTLE_MS);
  const held = sampleMemory(ctx, results, "review1000");
  results.put("memory.per_waiting_run_kb", +(((held.runtime_mb - before.runtime_mb) * 1024) / started).toFixed(1));
  // Idle objects are evicted after a while; a second look shows whether waiting runs keep costing memory.
  await sleep(30_000);
  const later = sampleMemory(ctx, results, "review1000_after45s");
  results.put(
    "memory.per_waiting_run_after45s_kb",
    +(((later.runtime_mb - before.runtime_mb) * 1024) / started).toFixed(1),
  );
  results.put("disk.per_waiting_run_kb", +((diskBytes(ctx.persistDir) - diskBefore) / 1024 / started).toFixed(1));
  // The run figures that follow are counted from here.
  ctx.memory.base = later;
  ctx.memory.runsBefore = ctx.runs;
  ctx.memory.diskBefore = diskBytes(ctx.persistDir);
}
