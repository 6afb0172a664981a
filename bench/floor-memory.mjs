#!/usr/bin/env node
// The runtime's own idle memory, to read `memory.idle_runtime_mb` against. Starts the floor probe
// (../shared/peers/floor: one Worker, one Durable Object class, D1, no engine) the way bench/lib/floor.mjs does,
// touches every mode once, waits 5 s and reads the runtime workerd's RSS as the memory part does. `--bindings`
// runs a copy of the probe with our other bindings added (assets, R2, the Queue consumer, the cron trigger,
// nodejs_compat): what `wrangler dev` costs for our configuration before any of our code is loaded.
//   node bench/floor-memory.mjs [--bindings]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFloor } from "./lib/floor.mjs";
import { peersDir } from "./lib/loadgen.mjs";
import { sleep } from "./lib/platform.mjs";
import { loadAvg, treeRss } from "./lib/proc.mjs";

const OUR_BINDINGS = `
[assets]
directory = "assets"
binding = "ASSETS"
not_found_handling = "single-page-application"
run_worker_first = ["/"]  # the probe answers POST / (ours: /api/*, /health, /ready)

[[r2_buckets]]
binding = "FILES"
bucket_name = "floor-files"

[[queues.producers]]
binding = "JOBS"
queue = "floor-jobs"

[[queues.consumers]]
queue = "floor-jobs"
max_batch_size = 10
max_batch_timeout = 1

[triggers]
crons = ["* * * * *"]
`;

/** A copy of the floor probe with our bindings in its wrangler.toml. */
function floorWithOurBindings() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agentflare-floor-bindings-"));
  fs.cpSync(path.join(peersDir(), "floor"), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "assets", "index.html"), "<!doctype html><title>floor</title>\n");
  const cfg = path.join(dir, "wrangler.toml");
  const toml = fs
    .readFileSync(cfg, "utf8")
    .replace(/^compatibility_date = .*$/m, (line) => `${line}\ncompatibility_flags = ["nodejs_compat"]`);
  fs.writeFileSync(cfg, toml + OUR_BINDINGS);
  return dir;
}

const bindings = process.argv.includes("--bindings");
const label = bindings ? "floor_bindings" : "floor";
const dir = bindings ? floorWithOurBindings() : undefined;
let floor;
try {
  floor = await startFloor(dir);
  for (const m of ["plain", "d1", "dofixed", "donew", "full"])
    await fetch(`${floor.base}/?m=${m}`, { method: "POST", body: "{}" }).then((r) => r.text());
  await sleep(5_000);
  const m = treeRss(floor.pid);
  console.log(`memory.${label}_idle_runtime_mb: ${m.runtime_mb}`);
  console.log(`memory.${label}_idle_workerd_mb: ${m.workerd_mb}`);
  console.log(`memory.${label}_idle_tree_mb: ${m.tree_mb}`);
  console.log(`memory.${label}.loadavg: ${loadAvg().join(" ")}`);
} finally {
  await floor?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
