// Issue 15's figures: memory over many runs (defect 7) and rate-limit accuracy under a burst (defect 8).
//
// memory.growth: RSS of the runtime (the workerd process hosting the Worker and its objects) after 500 start1 runs,
// then after 6,000 in all and 60 s idle; the target is a ratio <= 1.5.
// ratelimit.burst: 32 concurrent clients send 1,200 requests with an unknown API key; every failed authentication
// spends a token of the caller's per-IP bucket (AUTH_RATE_LIMIT_PER_MINUTE, 600 for the bench), so the 401s are
// the requests the limiter let through. Expected: the full bucket plus the refill over the burst (limit/60 a second).
import { cdp, workerInspectorUrl } from "../lib/inspector.mjs";
import { runLoadgen } from "../lib/loadgen.mjs";
import { sleep } from "../lib/platform.mjs";
import { runtimePid, treeRss } from "../lib/proc.mjs";

const SETTLE_MS = 15_000;
const IDLE_MS = 60_000;

async function runs(ctx, total) {
  const { id, shape } = await ctx.agent("start1");
  const r = await runLoadgen({
    url: `${ctx.base}/api/v1/graphs/${id}/execute?wait=30`,
    body: shape.body,
    expect: shape.expect,
    header: ctx.auth.authHeader,
    // 6,000 runs take ~60 s on a quiet machine and ~10 min at load average 10: the cap only stops a stuck run.
    params: { warmup: 0, seq: 0, conc: 8, total, "max-seconds": 1200 },
  });
  const done = r.conc_completed ?? 0;
  ctx.runs += done;
  return done;
}

/**
 * The isolate's JavaScript heap after a full GC (MB), to tell JS objects kept alive from native memory. Bounded in
 * time: an inspector that does not answer (it once hung a whole bench run) costs the figure, not the run.
 */
async function jsHeapMb(ctx) {
  if (!ctx.inspectorPort) return undefined;
  let inspector;
  const measure = async () => {
    inspector = await cdp(await workerInspectorUrl(ctx.inspectorPort));
    await inspector.send("HeapProfiler.collectGarbage");
    const { usedSize } = await inspector.send("Runtime.getHeapUsage");
    return +(usedSize / 2 ** 20).toFixed(1);
  };
  let timer;
  try {
    return await Promise.race([
      measure(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("the inspector did not answer in 90 s")), 90_000);
      }),
    ]);
  } catch (e) {
    console.error(`[bench] JS heap not measured: ${e.message}`);
    return undefined;
  } finally {
    clearTimeout(timer);
    inspector?.close?.();
  }
}

export async function measureMemoryGrowth(ctx, results) {
  // wrangler's dev proxy (the other workerd, on the public port; dev tooling, not deployed) is printed beside the
  // runtime: every request crosses it, and it grows with them too.
  const sample = (name) => {
    const rss = treeRss(ctx.pid);
    results.put(`memory.growth.${name}_runtime_mb`, rss.runtime_mb);
    results.put(`memory.growth.${name}_dev_proxy_mb`, +(rss.workerd_mb - rss.runtime_mb).toFixed(1));
    return rss.runtime_mb;
  };
  const firstRuntime = runtimePid(ctx.pid);
  let done = await runs(ctx, 500);
  await sleep(SETTLE_MS);
  const at500 = sample("after_500_runs");
  const heap500 = await jsHeapMb(ctx);
  if (heap500 !== undefined) results.put("memory.growth.after_500_runs_js_heap_mb", heap500);
  done += await runs(ctx, 5500);
  results.put("memory.growth.runs", done);
  sample("after_6000_runs");
  const heap6000 = await jsHeapMb(ctx);
  if (heap6000 !== undefined) results.put("memory.growth.after_6000_runs_js_heap_mb", heap6000);
  await sleep(IDLE_MS);
  const idle = sample("after_6000_runs_60s_idle");
  // A restarted runtime starts empty: the ratio would mean nothing (a file changed under `wrangler dev`? --head).
  if (runtimePid(ctx.pid) !== firstRuntime) {
    results.put("memory.growth.invalid", "the runtime restarted during the part: figures not comparable");
  }
  const heapIdle = await jsHeapMb(ctx);
  if (heapIdle !== undefined) results.put("memory.growth.after_6000_runs_60s_idle_js_heap_mb", heapIdle);
  results.put("memory.growth.ratio", +(idle / at500).toFixed(2));
}

export async function measureRateLimitBurst(ctx, results, limit) {
  const total = limit * 2;
  const clients = 32;
  let sent = 0;
  let allowed = 0;
  let limited = 0;
  let other = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < total) {
        sent++;
        const res = await fetch(`${ctx.base}/api/v1/auth/me`, { headers: { "X-API-Key": "agf_bench-unknown-key" } });
        await res.arrayBuffer();
        if (res.status === 401) allowed++;
        else if (res.status === 429) limited++;
        else other++;
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  const expected = limit + (limit / 60) * seconds;
  results.put("ratelimit.burst.limit_per_minute", limit);
  results.put("ratelimit.burst.seconds", +seconds.toFixed(2));
  results.put("ratelimit.burst.allowed", allowed);
  results.put("ratelimit.burst.refused", limited);
  if (other) results.put("ratelimit.burst.other_statuses", other);
  results.put("ratelimit.burst.expected", Math.round(expected));
  results.put("ratelimit.burst.accuracy", +(allowed / expected).toFixed(3));
}
