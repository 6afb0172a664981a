#!/usr/bin/env node
import start1 from "../agents/start1.mjs";
// Memory over many runs, as a timeline: runtime RSS and the isolate's JS heap (after a GC) every STEP start1 runs,
// then every 10 s of idle for IDLE_S. Tells JS objects kept alive (heap grows) from native memory (RSS grows, heap
// flat) and shows when idle Durable Objects' memory is released (workerd drops an idle object's container 70-140 s
// after its last access). Usage: node bench/experiments/growth-timeline.mjs [total=3000] [step=500] [idle_s=150]
import { apiClient } from "../lib/api.mjs";
import { cdp, workerInspectorUrl } from "../lib/inspector.mjs";
import { runLoadgen } from "../lib/loadgen.mjs";
import { openDatabases } from "../lib/open-databases.mjs";
import { sleep, startPlatform } from "../lib/platform.mjs";
import { treeRss } from "../lib/proc.mjs";

const [total = 3000, step = 500, idleS = 150] = process.argv.slice(2).map(Number);
const platform = await startPlatform({
  buildWeb: false,
  vars: { RATE_LIMIT_PER_MINUTE: "100000000" },
  fromHead: process.env.BENCH_FROM_HEAD === "1",
});
const t0 = Date.now();
async function heapMb() {
  try {
    const insp = await cdp(await workerInspectorUrl(platform.inspectorPort));
    try {
      await insp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await insp.send("Runtime.getHeapUsage");
      return +(usedSize / 2 ** 20).toFixed(1);
    } finally {
      insp.close();
    }
  } catch (e) {
    return `n/a (${e.message})`;
  }
}
let peakDatabases = 0;
const sampler = setInterval(() => {
  peakDatabases = Math.max(peakDatabases, openDatabases(platform.pid));
}, 500);
const row = async (what) => {
  const peak = peakDatabases;
  peakDatabases = 0;
  console.log(
    JSON.stringify({
      t_s: Math.round((Date.now() - t0) / 1000),
      what,
      rss_mb: treeRss(platform.pid).runtime_mb,
      js_heap_mb: await heapMb(),
      open_sqlite_now: openDatabases(platform.pid),
      open_sqlite_peak: peak,
    }),
  );
};
try {
  const api = apiClient(platform.base);
  const auth = await api.signIn();
  const graph = await api.createAgent(start1.agent);
  await row("start");
  let done = 0;
  while (done < total) {
    const r = await runLoadgen({
      url: `${platform.base}/api/v1/graphs/${graph.id}/execute?wait=30`,
      body: start1.body,
      expect: start1.expect,
      header: auth.authHeader,
      params: { warmup: 0, seq: 0, conc: 8, total: step, "max-seconds": 300 },
    });
    done += r.conc_completed ?? 0;
    await row(`after ${done} runs (${r.conc_errors ?? 0} errors)`);
  }
  for (let s = 10; s <= idleS; s += 10) {
    await sleep(10_000);
    await row(`idle ${s} s`);
  }
} finally {
  clearInterval(sampler);
  await platform.stop();
}
