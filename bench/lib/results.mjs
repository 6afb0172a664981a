// Figures: one `name: value` line each on stdout as they are measured, and all of them in bench/results/<date>.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadAvg } from "./proc.mjs";

export function createResults() {
  const figures = {};
  const notes = {};
  const started = new Date();
  return {
    /** A measured figure. */
    put(name, value) {
      figures[name] = value;
      console.log(`${name}: ${typeof value === "number" ? fmt(value) : value}`);
    },
    /** A figure that could not be measured, with the reason (a feature not landed yet, an error). */
    na(name, reason) {
      figures[name] = null;
      notes[name] = reason;
      console.log(`${name}: n/a (${reason})`);
    },
    /** The load average beside a group of figures (2 shared cores: a busy machine moves every number). */
    load(section) {
      const l = loadAvg();
      figures[`${section}.loadavg`] = l.join(" ");
      console.log(`${section}.loadavg: ${l.join(" ")}`);
    },
    save(dir, extra) {
      fs.mkdirSync(dir, { recursive: true });
      const stamp = started.toISOString().replace(/:/g, "-").replace(/\..*/, "Z");
      const file = path.join(dir, `${stamp}.json`);
      const doc = {
        date: started.toISOString(),
        host: {
          cpus: os.cpus().length,
          cpu_model: os.cpus()[0]?.model,
          mem_gb: +(os.totalmem() / 2 ** 30).toFixed(1),
          kernel: os.release(),
          node: process.version,
        },
        ...extra,
        figures,
        notes,
      };
      fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
      return file;
    },
  };
}

export function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(Math.abs(x) < 10 ? 2 : 1);
}

export function percentile(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return +s[i].toFixed(3);
}
