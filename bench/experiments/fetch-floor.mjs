#!/usr/bin/env node
// The true floor of one outbound fetch in local mode (`wrangler dev`, as `npm start` runs it), layer by layer: a
// throwaway Worker + Durable Object (no Agentflare code) fetches a tiny HTTP server on 127.0.0.1 in a loop, and the
// server records when each request arrives and when it finished answering. The gap between one answer's last byte
// and the next request's arrival is what the caller's side costs per request (response back, body read, next
// request out). Variants: Node's own fetch (the machine's loopback + HTTP floor), the Worker, a Durable Object, a
// Durable Object that writes one SQLite row before each request (the output gate holds the request until the write
// is committed), the same with the write awaited through a transaction, and with the write made in the turn before.
// Also counts the TCP connections each variant opens (keep-alive or not).
//
//   node bench/experiments/fetch-floor.mjs [--n 200] [--rounds 3]
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { repoRoot, sleep, sparePort } from "../lib/platform.mjs";
import { loadAvg } from "../lib/proc.mjs";

const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : dflt);
const N = arg("n", 200);
const ROUNDS = arg("rounds", 3);
const epochMs = () => performance.timeOrigin + performance.now();

// The target: answers a small JSON body at once; keeps spans and counts connections.
let spans = [];
let connections = 0;
const server = createServer((req, res) => {
  const arrived = epochMs();
  req.socket.setNoDelay(true);
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true,"text":"Echo: hello"}');
    spans.push([arrived, epochMs()]);
  });
});
server.on("connection", () => connections++);
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const target = `http://127.0.0.1:${server.address().port}/x`;

const worker = `
import { DurableObject } from "cloudflare:workers";
async function loop(url, storage) {
  const n = Number(url.searchParams.get("n"));
  const target = url.searchParams.get("target");
  const mode = url.searchParams.get("mode") ?? "plain";
  const took = [];
  for (let i = 0; i < n; i++) {
    if (mode === "write") storage.sql.exec("INSERT INTO t (v) VALUES (?)", i);
    if (mode === "put") storage.put("k" + (i % 10), i);
    if (mode === "alarm") {
      storage.sql.exec("INSERT INTO t (v) VALUES (?)", i);
      storage.setAlarm(Date.now() + 60_000 + i);
    }
    const t0 = Date.now();
    const res = await fetch(target, mode === "init" ? { signal: new AbortController().signal } : undefined);
    await res.text();
    took.push(Date.now() - t0);
    if (mode === "write-after") storage.sql.exec("INSERT INTO t (v) VALUES (?)", i);
  }
  return Response.json({ took });
}
async function fresh(url, env) {
  const n = Number(url.searchParams.get("n"));
  for (let i = 0; i < n; i++)
    await env.PROBE.get(env.PROBE.newUniqueId()).one(url.searchParams.get("target"), url.searchParams.get("mode"));
  return Response.json({});
}
export class Probe extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v INTEGER)");
  }
  fetch(request) { return loop(new URL(request.url), this.ctx.storage); }
  alarm() {}
  // A fresh object per request, as a run's: its tables, a row, optionally the alarm, then the request.
  async one(target, mode) {
    if (mode !== "none") {
      for (let k = 0; k < 6; k++) this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t" + k + " (id INTEGER PRIMARY KEY, v TEXT)");
      this.ctx.storage.sql.exec("INSERT INTO t0 (v) VALUES (?)", "x".repeat(2000));
    }
    if (mode === "alarm") this.ctx.storage.setAlarm(Date.now() + 60_000);
    const res = await fetch(target);
    return res.text();
  }
}
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return new Response("ok");
    if (url.pathname === "/w") return loop(url, null);
    if (url.pathname === "/fresh") return fresh(url, env);
    return env.PROBE.get(env.PROBE.idFromName(url.searchParams.get("name") ?? "a")).fetch(request);
  },
};
`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fetch-floor-"));
fs.writeFileSync(path.join(dir, "index.js"), worker);
fs.writeFileSync(
  path.join(dir, "wrangler.toml"),
  `name = "fetch-floor"
main = "index.js"
compatibility_date = "2026-08-01"
compatibility_flags = ["nodejs_compat"]
[[durable_objects.bindings]]
name = "PROBE"
class_name = "Probe"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["Probe"]
`,
);
const port = await sparePort();
const inspectorPort = await sparePort();
const dev = spawn(
  path.join(repoRoot, "node_modules", ".bin", "wrangler"),
  [
    "dev",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    path.join(dir, "state"),
    "--log-level",
    "error",
    "--show-interactive-dev-session=false",
  ],
  {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      X_LOCAL_OBSERVABILITY: "false",
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
    },
  },
);
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
    if (i > 240) throw new Error("wrangler dev did not start");
    await sleep(250);
  }
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const gapsOf = (s) => s.slice(1).map((sp, i) => sp[0] - s[i][1]);
  const results = new Map();
  const record = (name, gaps, conns, extra = "") => {
    if (!results.has(name)) results.set(name, { gaps: [], conns: 0, extra });
    const r = results.get(name);
    r.gaps.push(...gaps);
    r.conns += conns;
  };
  const variants = {
    node: async () => {
      for (let i = 0; i < N; i++) await (await fetch(target)).text();
    },
    worker: () => fetch(`${base}/w?n=${N}&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "worker, with an init (signal)": () =>
      fetch(`${base}/w?n=${N}&mode=init&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "durable object": () => fetch(`${base}/do?n=${N}&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "durable object, SQLite row written before each request": () =>
      fetch(`${base}/do?n=${N}&mode=write&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "durable object, storage.put before each request": () =>
      fetch(`${base}/do?n=${N}&mode=put&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "durable object, row + setAlarm before each request": () =>
      fetch(`${base}/do?n=${N}&mode=alarm&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "new object per request (RPC from the Worker), no storage": () =>
      fetch(`${base}/fresh?n=${N}&mode=none&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "new object per request, 6 tables + a row before the request": () =>
      fetch(`${base}/fresh?n=${N}&mode=write&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "new object per request, 6 tables + a row + setAlarm before it": () =>
      fetch(`${base}/fresh?n=${N}&mode=alarm&target=${encodeURIComponent(target)}`).then((r) => r.json()),
    "durable object, row written after each response (next request not held)": () =>
      fetch(`${base}/do?n=${N}&mode=write-after&target=${encodeURIComponent(target)}`).then((r) => r.json()),
  };
  // Warm-up.
  for (const run of Object.values(variants)) await run();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(variants)) {
      spans = [];
      connections = 0;
      await run();
      record(name, gapsOf(spans), connections);
    }
  }
  console.log(
    `load ${loadAvg()}, ${ROUNDS} rounds × ${N} sequential requests each; gap = the caller's time per request`,
  );
  console.log(`(one answer's last byte at the server → the next request there), ms:`);
  for (const [name, r] of results) {
    console.log(
      `  ${name.padEnd(74)} p50 ${pct(r.gaps, 50).toFixed(3)}  p90 ${pct(r.gaps, 90).toFixed(3)}  mean ${mean(r.gaps).toFixed(3)}  new connections ${r.conns}`,
    );
  }
} finally {
  try {
    process.kill(-dev.pid, "SIGTERM");
  } catch {}
  await sleep(500);
  try {
    process.kill(-dev.pid, "SIGKILL");
  } catch {}
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
