// Runs the peers' load generator (../shared/peers/loadgen.mjs) in its own process with the peers' parameters,
// so our figures and n8n's / Node-RED's / the floor's come from the same tool.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./platform.mjs";

/** Where the shared harness lives: ../shared beside the repo (CI, later sessions), else /work/shared. */
export function peersDir() {
  const candidates = [
    process.env.PEERS_HARNESS_DIR,
    path.join(repoRoot, "..", "shared", "peers"),
    "/work/shared/peers",
  ];
  for (const c of candidates) if (c && fs.existsSync(path.join(c, "loadgen.mjs"))) return c;
  throw new Error("loadgen.mjs not found: set PEERS_HARNESS_DIR or put the shared folder beside the repo as ../shared");
}

/** The peers' parameters (peers/README.md; TOTAL=2000 for identical counts). */
export const PEER_PARAMS = { warmup: 50, seq: 200, conc: 8, total: 2000, "max-seconds": 120 };

/**
 * @param {{ url: string, body: object, expect: string, header: string, pid?: number, params?: object }} o
 * @returns {Promise<object>} loadgen's JSON output
 */
export function runLoadgen({ url, body, expect, header, pid, params = PEER_PARAMS }) {
  const args = [path.join(peersDir(), "loadgen.mjs"), "--url", url, "--body", JSON.stringify(body), "--expect", expect];
  for (const [k, v] of Object.entries(params)) args.push(`--${k}`, String(v));
  args.push("--header", header);
  if (pid) args.push("--pid", String(pid));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`loadgen exited ${code}: ${err.slice(0, 500)}`));
      }
    });
  });
}

/** Errors of every phase, and the first error text. */
export function loadgenErrors(r) {
  return {
    errors: (r.warmup_errors ?? 0) + (r.seq_errors ?? 0) + (r.conc_errors ?? 0),
    first: r.warmup_first_error ?? r.seq_first_error ?? r.conc_first_error,
  };
}
