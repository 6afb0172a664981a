#!/usr/bin/env node
// Reads `name: value` lines (floor, ours, optionally n8n / Node-RED from the same run) and prints our ratios
// against each of them, with the targets where there is one.
//   node bench/ratios.mjs combined.txt
import fs from "node:fs";

const text = fs.readFileSync(process.argv[2], "utf8");
const v = {};
for (const line of text.split("\n")) {
  const m = /^([\w.]+):\s*(-?[\d.]+)\s*$/.exec(line.trim());
  if (m) v[m[1]] = Number(m[2]);
}
const out = [];
const ratio = (name, a, b, target) => {
  if (!(a in v) || !(b in v) || !v[b]) return;
  const r = v[a] / v[b];
  const verdict = target
    ? ` (target ${target.op} ${target.x}: ${(target.op === ">=" ? r >= target.x : r <= target.x) ? "met" : "MISSED"})`
    : "";
  out.push(`${name}: ${r.toFixed(2)}${verdict}`);
};
// Throughput ratios: ours / theirs (higher is better). Latency ratios: ours / theirs (lower is better).
ratio("ratio.chain10_rps_vs_floor_full", "chain10.rps_c8", "floor.full.rps_c8", { op: ">=", x: 0.8 });
ratio("ratio.chain10_p50_vs_floor_full", "chain10.p50_ms", "floor.full.p50_ms", { op: "<=", x: 1.25 });
ratio("ratio.chain10_rps_vs_floor_donew", "chain10.rps_c8", "floor.donew.rps_c8");
ratio("ratio.chain10_p50_vs_floor_donew", "chain10.p50_ms", "floor.donew.p50_ms");
ratio("ratio.start1_p50_vs_floor_donew", "start1.p50_ms", "floor.donew.p50_ms", { op: "<=", x: 1.25 });
ratio("ratio.chain10_rps_vs_floor_plain", "chain10.rps_c8", "floor.plain.rps_c8");
for (const [peer, label] of [
  ["n8n", "n8n"],
  ["n8n.progress", "n8n_progress"],
  ["n8n.nosave", "n8n_nosave"],
  ["n8n.legacyexpr", "n8n_legacyexpr"],
  ["nodered", "nodered"],
]) {
  for (const wf of ["chain10", "fanout8"]) {
    ratio(`ratio.${wf}_rps_vs_${label}`, `${wf}.rps_c8`, `${peer}.${wf}.rps_c8`);
    ratio(`ratio.${wf}_p50_vs_${label}`, `${wf}.p50_ms`, `${peer}.${wf}.p50_ms`);
  }
}
if (!out.length) out.push("ratio: n/a (no matching figures: need chain10/start1 and floor.* or peer lines)");
for (const line of out) console.log(line);
