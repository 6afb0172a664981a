#!/usr/bin/env node
// Paired A/B: several platforms up at once (the HEAD snapshot with or without a patch, or the floor probe), driven in
// alternating rounds so the machine's drift hits every variant alike. Per round and variant: p50 of 40 sequential
// runs, runs/s over N runs from 8 clients, and the runtime process's CPU time per run (user + system: our isolate,
// D1, SQLite and the alarm scheduler together, which is what bounds throughput on this one-thread runtime).
// Ratios to the first variant are medians of per-round ratios: the figure to quote against the floor.
//
//   node bench/ab.mjs [--shape chain10] [--rounds 6] [--runs 240] VARIANT...
//   VARIANT: `head` (the last commit), a patch file applied to it, or `floor:<mode>` (full, donew, ...)
//   node bench/ab.mjs floor:full head my-change.diff
import { flagsAndVariants } from "./lib/args.mjs";
import { startFloor } from "./lib/floor.mjs";
import { loadAvg, runtimeCpuMs } from "./lib/proc.mjs";
import { startPatchedPlatform } from "./lib/variants.mjs";

const { flags, variants } = flagsAndVariants();
const shapeName = flags.get("shape") ?? "chain10";
const rounds = Number(flags.get("rounds") ?? 6);
const runs = Number(flags.get("runs") ?? 240);
const CLIENTS = 8;
if (variants.length === 0) throw new Error("name at least one variant: head, a patch file, floor:<mode>");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Starts one variant; returns { label, stop, pid, once } where once() runs the agent and checks the answer. */
async function start(variant) {
  if (variant.startsWith("floor:")) {
    const floor = await startFloor();
    const once = async () => {
      const res = await fetch(`${floor.base}/?m=${variant.slice(6)}`, { method: "POST", body: '{"inputs":{"n":0}}' });
      if (!(await res.text()).includes('"n":[10]')) throw new Error(`${variant} answered ${res.status}`);
    };
    return { label: variant, stop: floor.stop, pid: floor.pid, once };
  }
  const { platform, api, auth } = await startPatchedPlatform(variant);
  const shape = (await import(`./agents/${shapeName}.mjs`)).default;
  const graph = await api.createAgent(shape.agent);
  const [name, value] = auth.authHeader.split(": ");
  const once = async () => {
    const res = await fetch(`${platform.base}/api/v1/graphs/${graph.id}/execute?wait=30`, {
      method: "POST",
      headers: { "content-type": "application/json", [name]: value },
      body: JSON.stringify(shape.body),
    });
    const text = await res.text();
    if (res.status !== 200 || !text.includes(shape.expect)) throw new Error(`${variant} answered ${res.status}`);
  };
  return { label: variant, stop: platform.stop, pid: platform.pid, once };
}

const clients = (up, total) =>
  Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < total / CLIENTS; i++) await up.once();
    }),
  );

const ups = [];
try {
  for (const v of variants) {
    const up = await start(v);
    ups.push(up);
    await clients(up, 120); // warm-up
    up.rounds = [];
  }
  console.log(`ab.shape: ${shapeName}; rounds ${rounds} x ${runs} runs, ${CLIENTS} clients; load ${loadAvg()}`);
  for (let r = 0; r < rounds; r++) {
    for (const up of r % 2 ? [...ups].reverse() : ups) {
      const seq = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        await up.once();
        seq.push(performance.now() - t);
      }
      const cpu0 = runtimeCpuMs(up.pid);
      const t0 = performance.now();
      await clients(up, runs);
      const wall = performance.now() - t0;
      up.rounds.push({ p50: median(seq), rps: (runs / wall) * 1000, cpu: (runtimeCpuMs(up.pid) - cpu0) / runs });
    }
  }
  for (const up of ups) {
    const col = (k, d) => up.rounds.map((x) => x[k].toFixed(d));
    const med = (k) => median(up.rounds.map((x) => x[k]));
    console.log(`${up.label}.rps_c8: ${med("rps").toFixed(1)} (rounds ${col("rps", 1).join(" ")})`);
    console.log(`${up.label}.p50_ms: ${med("p50").toFixed(1)} (rounds ${col("p50", 1).join(" ")})`);
    console.log(`${up.label}.runtime_cpu_ms_per_run: ${med("cpu").toFixed(2)} (rounds ${col("cpu", 1).join(" ")})`);
  }
  // Each round's ratio to the first variant, then their median: the machine's drift between rounds cancels out.
  const [base, ...others] = ups;
  for (const up of others) {
    const ratios = (k) => up.rounds.map((x, r) => x[k] / base.rounds[r][k]);
    const show = (k) =>
      `${median(ratios(k)).toFixed(2)} (rounds ${ratios(k)
        .map((x) => x.toFixed(2))
        .join(" ")})`;
    console.log(`ratio.${up.label}_vs_${base.label}.rps_c8: ${show("rps")}`);
    console.log(`ratio.${up.label}_vs_${base.label}.p50: ${show("p50")}`);
  }
  console.log(`ab.load_end: ${loadAvg()}`);
} finally {
  for (const up of ups) await up.stop();
}
