#!/usr/bin/env node
// Memory the runtime keeps per finished run once every run object is gone (issue 15, defect 7): drives a variant
// --warm runs, waits until no more run databases are open than at the start (objects evicted or released; at most
// --settle s), reads RSS; then --runs more, settles again, reads RSS. (B - A) / runs is what each run leaves behind
// for good, apart from objects resident at the moment of reading (which floor-growth.mjs's fixed 60 s idle mixes in).
// Variants: `head` (our last commit, start1 runs), a patch to it, or `floor:<mode>` (the floor probe's parts: d1,
// donew, dofixed, full; FLOOR_DIR: a copy of the probe with more modes).
//
//   node bench/experiments/retained-per-run.mjs [--warm 3000] [--runs 6000] [--settle 240] floor:donew head
import fs from "node:fs";
import start1 from "../agents/start1.mjs";
import { apiClient } from "../lib/api.mjs";
import { flagsAndVariants } from "../lib/args.mjs";
import { startFloor } from "../lib/floor.mjs";
import { runLoadgen } from "../lib/loadgen.mjs";
import { openDatabases } from "../lib/open-databases.mjs";
import { sleep, startPlatform } from "../lib/platform.mjs";
import { loadAvg, treeRss } from "../lib/proc.mjs";

const { flags, variants } = flagsAndVariants();
const warm = Number(flags.get("warm") ?? 3000);
const runs = Number(flags.get("runs") ?? 6000);
const settleS = Number(flags.get("settle") ?? 240);

async function start(variant) {
  if (variant.startsWith("floor")) {
    const floor = await startFloor(process.env.FLOOR_DIR || undefined);
    const mode = variant.split(":")[1] ?? "full";
    return { ...floor, url: `${floor.base}/?m=${mode}`, body: { inputs: { n: 0 } }, expect: '"n":[10]' };
  }
  if (variant === "head") delete process.env.BENCH_PATCH;
  else if (fs.existsSync(variant)) process.env.BENCH_PATCH = variant;
  else throw new Error(`no such variant: ${variant}`);
  const platform = await startPlatform({
    buildWeb: false,
    vars: { RATE_LIMIT_PER_MINUTE: "100000000" },
    fromHead: true,
  });
  const api = apiClient(platform.base);
  const auth = await api.signIn();
  const graph = await api.createAgent(start1.agent);
  return {
    ...platform,
    url: `${platform.base}/api/v1/graphs/${graph.id}/execute?wait=30`,
    body: start1.body,
    expect: start1.expect,
    header: auth.authHeader,
  };
}

for (const variant of variants) {
  const up = await start(variant);
  try {
    const baseline = openDatabases(up.pid);
    const drive = async (n) => {
      const r = await runLoadgen({
        url: up.url,
        body: up.body,
        expect: up.expect,
        header: up.header,
        params: { warmup: 0, seq: 0, conc: 8, total: n, "max-seconds": 1800 },
      });
      return r.conc_completed ?? 0;
    };
    const settle = async () => {
      const t0 = Date.now();
      while (openDatabases(up.pid) > baseline && Date.now() - t0 < settleS * 1000) await sleep(2000);
      await sleep(5000);
      return { rss_mb: treeRss(up.pid).runtime_mb, open: openDatabases(up.pid), settled_s: (Date.now() - t0) / 1000 };
    };
    await drive(warm);
    const a = await settle();
    console.log(JSON.stringify({ variant, after: warm, ...a, load: loadAvg() }));
    const done = await drive(runs);
    const b = await settle();
    console.log(JSON.stringify({ variant, after: warm + done, ...b, load: loadAvg() }));
    const kb = ((b.rss_mb - a.rss_mb) * 1024) / done;
    console.log(JSON.stringify({ variant, retained_kb_per_run: +kb.toFixed(1), baseline_open: baseline }));
  } finally {
    await up.stop();
  }
}
