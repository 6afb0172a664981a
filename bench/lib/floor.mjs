// The floor probe (../shared/peers/floor: a Worker with no engine doing only a run's unavoidable work) started
// the way floor/run.sh starts it, but with its own inspector port, so bench/profile.mjs can profile it too.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { peersDir } from "./loadgen.mjs";
import { repoRoot, sleep, sparePort } from "./platform.mjs";

/** @param {string} [dir] a copy of the probe to run instead (bench/floor-memory.mjs adds bindings to one). */
export async function startFloor(dir = path.join(peersDir(), "floor")) {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), "agentflare-floor-"));
  const port = await sparePort();
  const inspectorPort = await sparePort();
  const wrangler = path.join(repoRoot, "node_modules", ".bin", "wrangler");
  // Wrangler's local tracing off, as `npm start` has it for the platform (scripts/start.mjs): same runtime setup.
  const env = {
    X_LOCAL_OBSERVABILITY: "false",
    ...process.env,
    PATH: `${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}`,
  };
  const cfg = path.join(dir, "wrangler.toml");
  execFileSync(
    wrangler,
    [
      "d1",
      "execute",
      "floor-probe",
      "--local",
      "--persist-to",
      state,
      "-c",
      cfg,
      "--command",
      "CREATE TABLE runs(id TEXT PRIMARY KEY, status TEXT)",
    ],
    { env, stdio: "ignore" },
  );
  const child = spawn(
    wrangler,
    [
      "dev",
      "-c",
      cfg,
      "--persist-to",
      state,
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--log-level",
      "error",
    ],
    { env, detached: true, stdio: "ignore" },
  );
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
      await sleep(1000);
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
    fs.rmSync(state, { recursive: true, force: true });
  };
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/?m=plain`, { method: "POST", body: "{}" });
      if (r.ok) return { base: `http://127.0.0.1:${port}`, pid: child.pid, inspectorPort, root: dir, stop };
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  await stop();
  throw new Error("floor probe did not start");
}
