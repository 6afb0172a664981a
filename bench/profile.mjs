#!/usr/bin/env node
// CPU profile of the hot path: starts the platform like `npm run bench`, drives one agent shape with the peers'
// load generator (8 clients) and samples our Worker's isolate (Worker + Durable Objects) through the runtime's
// V8 inspector. Prints where the JavaScript time goes per run, by area (worker/, engine/, durable-objects/,
// blocks/, each npm package) and by function, mapped back to the sources through the bundle's source map.
// Time outside JavaScript (SQLite, D1, I/O between workerd processes) shows as idle from here.
//
//   node bench/profile.mjs [--shape chain10] [--runs 1000] [--head] [--save file.cpuprofile]
//   node bench/profile.mjs --floor [--mode full]   # the same profile of the floor probe, for comparison
import fs from "node:fs";
import { apiClient, probeExecute } from "./lib/api.mjs";
import { startFloor } from "./lib/floor.mjs";
import { cdp, workerInspectorUrl } from "./lib/inspector.mjs";
import { runLoadgen } from "./lib/loadgen.mjs";
import { startPlatform } from "./lib/platform.mjs";
import { loadAvg } from "./lib/proc.mjs";
import { sourceMapper } from "./lib/source-map.mjs";

const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const shapeName = arg("shape", "chain10");
const runs = Number(arg("runs", "1000"));
const saveTo = arg("save");

const floorMode = argv.includes("--floor") ? arg("mode", "full") : null;

if (floorMode) {
  const floor = await startFloor();
  try {
    const load = (params) =>
      runLoadgen({
        url: `${floor.base}/?m=${floorMode}`,
        body: { inputs: { n: 0 } },
        expect: '"n":[10]',
        header: "x-bench: floor",
        params,
      });
    await profileDuring(floor, load, `floor.${floorMode}`);
  } finally {
    await floor.stop();
  }
} else {
  const platform = await startPlatform({
    buildWeb: false,
    vars: { RATE_LIMIT_PER_MINUTE: process.env.BENCH_RATE_LIMIT ?? "100000000" },
    fromHead: argv.includes("--head"),
    // Minified code is one long line: the source map lookup here is by line, so profile the unminified bundle.
    devArgs: ["--minify=false"],
  });
  try {
    const api = apiClient(platform.base);
    const auth = await api.signIn();
    const shape = (await import(`./agents/${shapeName}.mjs`)).default;
    const graph = await api.createAgent(shape.agent);
    await probeExecute(api, graph.id, shape);
    const load = (params) =>
      runLoadgen({
        url: `${platform.base}/api/v1/graphs/${graph.id}/execute?wait=30`,
        body: shape.body,
        expect: shape.expect,
        header: auth.authHeader,
        params,
      });
    await profileDuring(platform, load, shapeName);
  } finally {
    await platform.stop();
  }
}

/** Warms up, then samples the Worker's isolate while 8 clients run `runs` requests. */
async function profileDuring(target, load, label) {
  await load({ warmup: 100, seq: 0, conc: 0, total: 0, "max-seconds": 60 });
  const insp = await cdp(await workerInspectorUrl(target.inspectorPort));
  await insp.send("Profiler.enable");
  await insp.send("Profiler.setSamplingInterval", { interval: 200 });
  await insp.send("Profiler.start");
  const r = await load({ warmup: 0, seq: 0, conc: 8, total: runs, "max-seconds": 120 });
  const { profile } = await insp.send("Profiler.stop");
  insp.close();
  if (saveTo) fs.writeFileSync(saveTo, JSON.stringify(profile));
  report(profile, r, target.root, label);
}

function report(profile, r, root, label) {
  const done = (r.conc_completed ?? 0) - (r.conc_errors ?? 0);
  const self = new Map(profile.nodes.map((n) => [n.id, 0]));
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, self.get(id) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const mapper = sourceMapper(root);
  const byArea = new Map();
  const byFn = new Map();
  let idle = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id);
    if (!ms) continue;
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    if (functionName === "(idle)") {
      idle += ms;
      continue;
    }
    const src = url ? mapper(url, lineNumber, columnNumber) : null;
    const area = src ? areaOf(src.file) : functionName || "(anonymous)";
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    const key = `${functionName || "(anonymous)"} ${src ? `${src.file}:${src.line}` : url || ""}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + ms);
  }
  const busy = totalMs - idle;
  const line = (k, v) => console.log(`${k}: ${v}`);
  line("profile.shape", label);
  line("profile.runs", done);
  line("profile.rps_c8", r.conc_rps);
  line("profile.loadavg", loadAvg().join(" "));
  line("profile.wall_ms", totalMs.toFixed(0));
  line("profile.isolate_busy_pct", ((100 * busy) / totalMs).toFixed(1));
  line("profile.js_cpu_per_run_ms", (busy / done).toFixed(3));
  console.log("# self time by area, ms per run");
  for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 25)) line(`area.${k}`, (v / done).toFixed(3));
  console.log("# top functions by self time, ms per run");
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${(v / done).toFixed(3)}  ${k}`);
  // Source lines of our own code by sampled time (V8's positionTicks), to see which statement costs.
  const lines = new Map();
  const sampleMs = totalMs / profile.samples.length;
  for (const n of profile.nodes) {
    const { url, functionName } = n.callFrame;
    if (!url || !n.positionTicks) continue;
    for (const t of n.positionTicks) {
      const src = mapper(url, t.line - 1, 0);
      if (!/^(worker|durable-objects|engine|blocks|graph)\//.test(src.file)) continue;
      const key = `${src.file}:${src.line} (${functionName || "anonymous"})`;
      lines.set(key, (lines.get(key) ?? 0) + t.ticks);
    }
  }
  console.log("# hottest lines of our code, ms per run (sampled)");
  for (const [k, v] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`${((v * sampleMs) / done).toFixed(3)}  ${k}`);
}

function areaOf(file) {
  const nm = file.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const top = file.split("/")[0];
  return top === ".." || top === "" ? file : top;
}
