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
import { flagsAndVariants } from "../lib/args.mjs";
import { openDatabases } from "../lib/open-databases.mjs";
import { sleep } from "../lib/platform.mjs";
import { descendants, loadAvg, treeRss } from "../lib/proc.mjs";
import { drive, startVariant } from "../lib/variants.mjs";

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

for (const variant of variants) {
  const up = await startVariant(variant);
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
  try {
    row("start");
    const a = await drive(up, first, 1200);
    await sleep(SETTLE_MS);
    const at500 = row(`after ${a.runs} runs + ${SETTLE_MS / 1000} s`, a);
    const b = await drive(up, total - first, 1200);
    row(`after ${a.runs + b.runs} runs`, b);
    await sleep(idleS * 1000);
    const idle = row(`after ${idleS} s idle`);
    console.log(JSON.stringify({ variant, ratio: +(idle.rss_mb / at500.rss_mb).toFixed(2) }));
  } finally {
    clearInterval(sampler);
    await up.stop();
  }
}
