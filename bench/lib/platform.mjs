// Starts the platform the way a user does (`npm start` = scripts/start.mjs) on a spare loopback port with a fresh
// temporary state folder and a quiet log level, and stops its whole process group afterwards.
import { execFileSync, spawn } from "node:child_process";
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
 * @param {{ buildWeb: boolean, logLevel?: string, vars?: Record<string,string>, extraEnv?: Record<string,string>, fromHead?: boolean, devArgs?: string[], persistDir?: string }} opts
 *   vars: Worker vars for this run (wrangler dev --var), e.g. a higher rate limit.
 *   devArgs: more `wrangler dev` flags (the profile turns minification off to map samples to source lines).
 *   fromHead: run a snapshot of the last commit (git archive HEAD, node_modules linked) instead of the work tree:
 *   `wrangler dev` rebuilds and restarts the runtime whenever a source file changes, which in a tree shared with
 *   people editing it would restart the platform mid-measurement (and measure their unfinished work).
 *   persistDir: a state folder the caller owns (kept by stop()), to start the platform again on the same state.
 * @returns {Promise<{ base: string, pid: number, root: string, inspectorPort: number, persistDir: string, startupS: number, stop: () => Promise<void>, kill: () => Promise<void>, logTail: () => string }>}
 */
export async function startPlatform({
  buildWeb,
  logLevel = "error",
  vars = {},
  extraEnv = {},
  fromHead = false,
  devArgs = [],
  persistDir: givenState,
}) {
  const port = await sparePort();
  const inspectorPort = await sparePort();
  const root = fromHead ? snapshotHead() : repoRoot;
  const persistDir = givenState ?? fs.mkdtempSync(path.join(os.tmpdir(), "agentflare-bench-"));
  const logFile = path.join(persistDir, "..", `${path.basename(persistDir)}.log`);
  const log = fs.openSync(logFile, "w");
  const bin = path.join(root, "node_modules", ".bin");
  const env = {
    ...process.env,
    // The shim first (adds the bench's --var pairs to `wrangler dev`), then node_modules/.bin: start.mjs calls
    // `wrangler`, which needs the pinned Node 24 from there.
    PATH: `${path.join(import.meta.dirname, "wrangler-shim")}:${bin}:${process.env.PATH}`,
    BENCH_REAL_WRANGLER: path.join(bin, "wrangler"),
    BENCH_WRANGLER_VARS: Object.entries(vars)
      .map(([k, v]) => `${k}:${v}`)
      .join(" "),
    BENCH_WRANGLER_DEV_ARGS: [`--inspector-port ${inspectorPort}`, ...devArgs].join(" "),
    PORT: String(port),
    PERSIST_DIR: persistDir,
    LOG_LEVEL: logLevel,
    NO_SEED: "1",
    ...(buildWeb ? {} : { SKIP_WEB_BUILD: "1" }),
    ...extraEnv,
  };
  const t0 = Date.now();
  // detached: its own process group, so stop() can end wrangler and workerd with it and nothing else.
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${port}`;
  // Signal the whole group even if start.mjs itself is gone: wrangler, workerd or a migration may outlive it.
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false; // no process left in the group
    }
  };
  /** A hard kill of the whole tree (no shutdown at all), as a crash or an OOM kill would; the state is kept. */
  const kill = async () => {
    signalGroup("SIGKILL");
    for (let i = 0; i < 100 && signalGroup(0); i++) await sleep(50);
    fs.closeSync(log);
  };
  const stop = async () => {
    if (signalGroup("SIGTERM")) {
      for (let i = 0; i < 50 && signalGroup(0); i++) await sleep(100);
      signalGroup("SIGKILL");
    }
    if (!givenState) fs.rmSync(persistDir, { recursive: true, force: true });
    if (root !== repoRoot) fs.rmSync(root, { recursive: true, force: true });
    fs.closeSync(log);
    fs.rmSync(logFile, { force: true });
  };
  const logTail = (lines = 20) => {
    try {
      return fs.readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  const deadline = Date.now() + (buildWeb ? 180_000 : 90_000);
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok)
        return {
          base,
          pid: child.pid,
          root,
          inspectorPort,
          persistDir,
          startupS: (Date.now() - t0) / 1000,
          stop,
          kill,
          logTail,
        };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const tail = logTail();
  await stop();
  throw new Error(`the platform did not become healthy (log tail:\n${tail})`);
}

/** The last commit's files in a temp folder, with the work tree's node_modules linked in (read-only use). */
function snapshotHead() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agentflare-head-"));
  const tar = execFileSync("git", ["archive", "--format=tar", "HEAD"], { cwd: repoRoot, maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  // BENCH_PATCH: a diff to try on the snapshot (an engine change measured without touching the shared tree).
  if (process.env.BENCH_PATCH)
    execFileSync("patch", ["-p1", "-s", "-d", dir, "-i", path.resolve(process.env.BENCH_PATCH)]);
  // wrangler refuses to start without the editor's assets folder; the editor build (when asked) replaces it.
  const assets = path.join("web", ".svelte-kit", "cloudflare");
  if (fs.existsSync(path.join(repoRoot, assets)))
    fs.cpSync(path.join(repoRoot, assets), path.join(dir, assets), { recursive: true });
  else fs.mkdirSync(path.join(dir, assets), { recursive: true });
  return dir;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
