#!/usr/bin/env node
// Memory over many runs for the architecture's floor (issue 15, defect 7): the floor probe (../shared/peers/floor,
// `?m=full`: a D1 index row, a new Durable Object with SQLite per run, ten rows in it, no engine) driven like the
// bench's `memory.growth` drives us: 500 runs from 8 clients at full speed, 15 s settle, RSS; 5,500 more, RSS; 60 s
// idle, RSS; ratio = idle / after-500 (target for ours: <= 1.5). Same load generator, same parameters.
// Other variants run the same steps one after another for comparison: `head` (our last commit, start1) or a patch
// applied to it (see bench/ab.mjs).
//
//   node bench/experiments/floor-growth.mjs [--total 6000] [--first 500] [--idle 60] [floor] [head] [my.diff]
import fs from "node:fs";
import start1 from "../agents/start1.mjs";
import { apiClient } from "../lib/api.mjs";
import { flagsAndVariants } from "../lib/args.mjs";
import { startFloor } from "../lib/floor.mjs";
import { runLoadgen } from "../lib/loadgen.mjs";
import { openDatabases } from "../lib/open-databases.mjs";
import { sleep, startPlatform } from "../lib/platform.mjs";
import { descendants, loadAvg, treeRss } from "../lib/proc.mjs";

const { flags, variants } = flagsAndVariants();
if (variants.length === 0) variants.push("floor");
const total = Number(flags.get("total") ?? 6000);
const first = Number(flags.get("first") ?? 500);
const idleS = Number(flags.get("idle") ?? 60);
const SETTLE_MS = 15_000;

/** The runtime's resident memory split: anonymous (heaps) against file-backed and shared (mapped files). */
function rssSplit(pid) {
  for (const p of descendants(pid)) {
    try {
      if (!fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("--inspector-addr")) continue;
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      const kb = (k) => +(Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0) / 1024).toFixed(1);
      return { anon_mb: kb("RssAnon"), file_mb: kb("RssFile"), shmem_mb: kb("RssShmem") };
    } catch {}
  }
  return {};
}

async function start(variant) {
  if (variant === "floor" || variant.startsWith("floor:")) {
    // `floor:<mode>` drives one part of the probe (d1, donew, dofixed, ...; FLOOR_DIR: a copy with more modes).
    const floor = await startFloor(process.env.FLOOR_DIR || undefined);
    return {
      ...floor,
      url: `${floor.base}/?m=${variant.split(":")[1] ?? "full"}`,
      body: { inputs: { n: 0 } },
      expect: '"n":[10]',
      header: undefined,
    };
  }
  if (variant === "head") delete process.env.BENCH_PATCH;
  else if (fs.existsSync(variant)) process.env.BENCH_PATCH = variant;
  else throw new Error(`no such variant: ${variant} (floor, head or a patch file)`);
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
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, openDatabases(up.pid));
  }, 500);
  const t0 = Date.now();
  const row = (what, extra = {}) => {
    const r = {
      variant,
      t_s: Math.round((Date.now() - t0) / 1000),
      what,
      rss_mb: treeRss(up.pid).runtime_mb,
      ...rssSplit(up.pid),
      open_sqlite_now: openDatabases(up.pid),
      open_sqlite_peak: peak,
      load: loadAvg(),
      ...extra,
    };
    peak = 0;
    console.log(JSON.stringify(r));
    return r;
  };
  const drive = async (n) => {
    const r = await runLoadgen({
      url: up.url,
      body: up.body,
      expect: up.expect,
      header: up.header,
      params: { warmup: 0, seq: 0, conc: 8, total: n, "max-seconds": 1200 },
    });
    return { runs: r.conc_completed ?? 0, errors: r.conc_errors ?? 0, rps: r.conc_rps };
  };
  try {
    row("start");
    const a = await drive(first);
    await sleep(SETTLE_MS);
    const at500 = row(`after ${a.runs} runs + ${SETTLE_MS / 1000} s`, a);
    const b = await drive(total - first);
    row(`after ${a.runs + b.runs} runs`, b);
    await sleep(idleS * 1000);
    const idle = row(`after ${idleS} s idle`);
    console.log(JSON.stringify({ variant, ratio: +(idle.rss_mb / at500.rss_mb).toFixed(2) }));
  } finally {
    clearInterval(sampler);
    await up.stop();
  }
}
