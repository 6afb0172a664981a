// Starts the whole platform for the browser suite: a private D1/DO/R2 state folder, migrations applied,
// `wrangler dev` on a free port in its own process group (so stopping it also stops workerd).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startModelServer } from "../fakes/model-server.mjs";

/** Node 24 from node_modules: the system Node is too old for wrangler. */
function nodeBin(root) {
  const local = join(root, "node_modules", ".bin", "node");
  return existsSync(local) ? local : process.execPath;
}

async function freePort() {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(root, log) {
  const persist = mkdtempSync(join(tmpdir(), "agentflare-browser-state-"));
  const wrangler = [nodeBin(root), join(root, "node_modules", "wrangler", "bin", "wrangler.js")];
  const migrate = spawnSync(
    wrangler[0],
    [wrangler[1], "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, CI: "1" },
    },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const port = await freePort();
  // The fake model providers (real HTTP on loopback) as the operator's endpoints, as a local model would be.
  const models = await startModelServer();
  const args = [
    wrangler[1],
    "dev",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--persist-to",
    persist,
    "--log-level",
    "warn",
    "--show-interactive-dev-session=false",
    // Throwaway secrets for this run only.
    "--var",
    `JWT_SECRET:${randomBytes(32).toString("hex")}`,
    "--var",
    `CREDENTIALS_KEY:${randomBytes(32).toString("base64")}`,
    "--var",
    "LOG_LEVEL:error",
    "--var",
    "AUTH_RATE_LIMIT_PER_MINUTE:1000",
    "--var",
    `OPENAI_BASE_URL:${models.url}/v1`,
    // The platform's own address, as an operator names a trusted LAN host: the MCP tool picker scenario
    // (scenarios-mcp.mjs) lists this platform's own /api/v1/mcp through the SSRF guard.
    "--var",
    `OUTBOUND_ALLOW_HOSTS:127.0.0.1:${port}`,
    // The store scenario's admin (test/browser/scenarios-store.mjs) approves its listing.
    "--var",
    "ADMIN_USERS:store-admin@agentflare.test",
  ];
  const child = spawn(wrangler[0], args, {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const exited = await Promise.race([
        new Promise((r) => child.once("exit", () => r(true))),
        new Promise((r) => setTimeout(() => r(false), 5000)),
      ]);
      if (!exited) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
    }
    rmSync(persist, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${base}/health`)).ok) {
        log(`wrangler dev ready on ${base}`);
        return { base, stop, output: () => output };
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`wrangler dev did not become healthy:\n${output.slice(-4000)}`);
}
