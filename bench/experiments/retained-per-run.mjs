#!/usr/bin/env node
// Memory the runtime keeps per finished run once every run object is gone (issue 15, defect 7): drives a variant
// --warm runs, waits until no more run databases are open than at the start (objects evicted or released; at most
// --settle s), reads RSS; then --runs more, settles again, reads RSS. (B - A) / runs is what each run leaves behind
// for good, apart from objects resident at the moment of reading (which floor-growth.mjs's fixed 60 s idle mixes in).
// Variants: `head` (our last commit, start1 runs), a patch to it, or `floor:<mode>` (the floor probe's parts: d1,
// donew, dofixed, full; FLOOR_DIR: a copy of the probe with more modes).
//
//   node bench/experiments/retained-per-run.mjs [--warm 3000] [--runs 6000] [--settle 240] floor:donew head
import { flagsAndVariants } from "../lib/args.mjs";
import { openDatabases } from "../lib/open-databases.mjs";
import { sleep } from "../lib/platform.mjs";
import { loadAvg, treeRss } from "../lib/proc.mjs";
import { drive, startVariant } from "../lib/variants.mjs";

const { flags, variants } = flagsAndVariants();
const warm = Number(flags.get("warm") ?? 3000);
const runs = Number(flags.get("runs") ?? 6000);
const settleS = Number(flags.get("settle") ?? 240);

for (const variant of variants) {
  const up = await startVariant(variant);
  try {
    const baseline = openDatabases(up.pid);
    const settle = async () => {
      const t0 = Date.now();
      while (openDatabases(up.pid) > baseline && Date.now() - t0 < settleS * 1000) await sleep(2000);
      await sleep(5000);
      return { rss_mb: treeRss(up.pid).runtime_mb, open: openDatabases(up.pid), settled_s: (Date.now() - t0) / 1000 };
    };
    await drive(up, warm);
    const a = await settle();
    console.log(JSON.stringify({ variant, after: warm, ...a, load: loadAvg() }));
    const { runs: done } = await drive(up, runs);
    const b = await settle();
    console.log(JSON.stringify({ variant, after: warm + done, ...b, load: loadAvg() }));
    const kb = ((b.rss_mb - a.rss_mb) * 1024) / done;
    console.log(JSON.stringify({ variant, retained_kb_per_run: +kb.toFixed(1), baseline_open: baseline }));
  } finally {
    await up.stop();
  }
}
