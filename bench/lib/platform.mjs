// Starts the platform the way a user does (`npm start` = scripts/start.mjs) on a spare loopback port with a fresh
// temporary state folder and a quiet log level, and stops its whole process group afterwards.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");

/** A free TCP port on loopback (asks the kernel, then releases it). */
export function sparePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ buildWeb: boolean, logLevel?: string, vars?: Record<string,string>, extraEnv?: Record<string,string> }} opts
 *   vars: Worker vars for this run (wrangler dev --var), e.g. a higher rate limit.
 * @returns {Promise<{ base: string, pid: number, persistDir: string, startupS: number, stop: () => Promise<void>, logTail: () => string }>}
 */
export async function startPlatform({ buildWeb, logLevel = "error", vars = {}, extraEnv = {} }) {
  const port = await sparePort();
  const persistDir = fs.mkdtempSync(path.join(os.tmpdir(), "agentflare-bench-"));
  const logFile = path.join(persistDir, "..", `${path.basename(persistDir)}.log`);
  const log = fs.openSync(logFile, "w");
  const bin = path.join(repoRoot, "node_modules", ".bin");
  const env = {
    ...process.env,
    // The shim first (adds the bench's --var pairs to `wrangler dev`), then node_modules/.bin: start.mjs calls
    // `wrangler`, which needs the pinned Node 24 from there.
    PATH: `${path.join(import.meta.dirname, "wrangler-shim")}:${bin}:${process.env.PATH}`,
    BENCH_REAL_WRANGLER: path.join(bin, "wrangler"),
    BENCH_WRANGLER_VARS: Object.entries(vars)
      .map(([k, v]) => `${k}:${v}`)
      .join(" "),
    PORT: String(port),
    PERSIST_DIR: persistDir,
    LOG_LEVEL: logLevel,
    NO_SEED: "1",
    ...(buildWeb ? {} : { SKIP_WEB_BUILD: "1" }),
    ...extraEnv,
  };
  const t0 = Date.now();
  // detached: its own process group, so stop() can end wrangler and workerd with it and nothing else.
  const child = spawn(process.execPath, [path.join(repoRoot, "scripts", "start.mjs")], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    fs.rmSync(persistDir, { recursive: true, force: true });
    fs.closeSync(log);
    fs.rmSync(logFile, { force: true });
  };
  const logTail = () => {
    try {
      return fs.readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
    } catch {
      return "";
    }
  };
  const deadline = Date.now() + (buildWeb ? 180_000 : 90_000);
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return { base, pid: child.pid, persistDir, startupS: (Date.now() - t0) / 1000, stop, logTail };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const tail = logTail();
  await stop();
  throw new Error(`the platform did not become healthy (log tail:\n${tail})`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
