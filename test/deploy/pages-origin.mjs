#!/usr/bin/env node
// The README's Pages route, end to end: the editor built with a foreign API origin (`PUBLIC_API_ORIGIN`) and served
// from its own origin signs up against an API started by `npm start` with that origin in CORS_ORIGINS, set from the
// shell (as are a secret, JWT_SECRET, and the other configuration variables). Needs Debian's chromium.
// Prints `pages: N passed, M failed`; exits non-zero on any failure. Leaves the regular editor build as it found it.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { jwtVerify } from "jose";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const built = join(root, "web", ".svelte-kit", "cloudflare");
const log = (msg) => console.log(`[pages] ${msg}`);
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  log(`${ok ? "ok  " : "FAIL"} ${what}`);
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = netServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const apiPort = await freePort();
const webPort = await freePort();
const apiOrigin = `http://localhost:${apiPort}`;
const webOrigin = `http://127.0.0.1:${webPort}`;
const work = mkdtempSync(join(tmpdir(), "agentflare-pages-"));
const saved = existsSync(join(built, "index.html")) ? join(work, "regular-build") : undefined;
if (saved) cpSync(built, saved, { recursive: true });
const site = join(work, "site");
const jwtSecret = randomBytes(32).toString("hex");
let api;
let web;
let browser;

try {
  log(`building the editor for the API at ${apiOrigin}`);
  const build = spawnSync("npm", ["run", "--silent", "build:web"], {
    cwd: root,
    env: { ...process.env, PUBLIC_API_ORIGIN: apiOrigin },
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  cpSync(built, site, { recursive: true });
  check(readFileSync(join(site, "index.html"), "utf8").length > 0, "the Pages build exists");

  // The static site on its own origin (SPA fallback like Pages).
  web = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, webOrigin).pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(site, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(site, "index.html");
    const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  }).listen(webPort, "127.0.0.1");

  log("npm start with CORS_ORIGINS and JWT_SECRET from the shell");
  const output = [];
  api = spawn("node", [join(root, "scripts", "start.mjs")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(apiPort),
      PERSIST_DIR: join(work, "state"),
      SKIP_WEB_BUILD: "1",
      NO_SEED: "1",
      LOG_LEVEL: "error",
      CORS_ORIGINS: webOrigin,
      JWT_SECRET: jwtSecret,
      JWT_ISSUER: "pages-test-issuer",
      CI: "1",
      WRANGLER_SEND_METRICS: "false",
    },
  });
  api.stdout.on("data", (d) => output.push(String(d)));
  api.stderr.on("data", (d) => output.push(String(d)));
  let ready = false;
  for (let i = 0; i < 400 && !ready && api.exitCode === null; i++) {
    ready = await fetch(`${apiOrigin}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 300));
  }
  if (!ready) throw new Error(`the API did not start:\n${output.join("").slice(-3000)}`);

  const preflight = (origin) =>
    fetch(`${apiOrigin}/api/v1/auth/signup`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
  const accepted = await preflight(webOrigin);
  check(
    accepted.status === 204 && accepted.headers.get("access-control-allow-origin") === webOrigin,
    `a preflight from ${webOrigin} is answered (${accepted.status}, ${accepted.headers.get("access-control-allow-origin")})`,
  );
  check((await preflight("https://elsewhere.example")).status === 403, "a preflight from another origin is refused");

  // The browser: sign up on the Pages origin; every API call must go to the API origin and succeed.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage();
  const calls = [];
  page.on("response", (r) => {
    if (r.url().includes("/api/v1/")) calls.push({ url: r.url(), status: r.status() });
  });
  const failures = [];
  page.on("requestfailed", (r) => failures.push(`${r.url()} ${r.failure()?.errorText}`));
  await page.goto(`${webOrigin}/signup`);
  await page.getByLabel("Email").fill(`pages-${Date.now()}@agentflare.test`);
  await page.getByLabel("Password").fill("pages-password-123");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL(/\/agents$/, { timeout: 20_000 });
  await page.getByRole("heading", { name: "Agents" }).waitFor();
  check(
    calls.length > 0 && calls.every((c) => c.url.startsWith(`${apiOrigin}/api/v1/`)),
    `API calls go to ${apiOrigin}`,
  );
  check(
    calls.some((c) => c.url.endsWith("/api/v1/auth/signup") && c.status === 201),
    "signing up through the API origin works",
  );
  check(failures.length === 0, `no request blocked (${failures.join("; ") || "none"})`);
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("agentflare.session")).token);
  const verified = await jwtVerify(token, new TextEncoder().encode(jwtSecret)).then(
    (v) => v.payload,
    () => null,
  );
  check(
    verified?.iss === "pages-test-issuer",
    "the session token is signed with JWT_SECRET and JWT_ISSUER from the shell",
  );
} catch (err) {
  failed++;
  log(`FAIL ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await browser?.close().catch(() => {});
  web?.close();
  if (api && api.exitCode === null) {
    try {
      process.kill(-api.pid, "SIGTERM");
    } catch {}
    await Promise.race([new Promise((r) => api.once("exit", r)), new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-api.pid, "SIGKILL");
    } catch {}
  }
  rmSync(built, { recursive: true, force: true });
  if (saved) cpSync(saved, built, { recursive: true });
  rmSync(work, { recursive: true, force: true });
  console.log(`pages: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
