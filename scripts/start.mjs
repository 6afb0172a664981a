#!/usr/bin/env node
// `npm start`: the whole platform locally on one origin — migrations applied, editor built, API + Durable Objects +
// D1 + R2 + Queues + cron in wrangler's local mode (no account, no network), a demo user and agent seeded.
// Env: PORT (8787), PERSIST_DIR (.wrangler/state), LOG_LEVEL (info; "error" for benchmarks), SKIP_WEB_BUILD=1, NO_SEED=1,
// and every variable of the README's configuration table (passed through to the Worker).
// NO_CRON=1 (do not drive the cron trigger).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startResolver } from "./dns-resolver.mjs";
import { seedStore } from "./store-seed.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 8787);
const persist = process.env.PERSIST_DIR ?? join(root, ".wrangler", "state");
const logLevel = process.env.LOG_LEVEL ?? "info";
const base = `http://localhost:${port}`;
const demo = { email: "demo@agentflare.local", password: "agentflare-demo" };

const say = (msg) => console.log(`[agentflare] ${msg}`);
// Local mode stays off the network and quiet: no usage metrics or error reports, no update check (wrangler's
// banner does one), no download of the `Request.cf` placeholder (getaddrinfo ENOTFOUND offline). The shell wins.
// No local tracing either (X_LOCAL_OBSERVABILITY, on by default in the pinned wrangler 4.164): it records every
// invocation and subrequest in a SQLite store inside the runtime, whose fsyncs block the runtime's one thread, about
// 3 ms per model call and 11 ms per run here (README, "Where the time goes"; bench/experiments/call-ab.mjs).
const env = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  X_LOCAL_OBSERVABILITY: "false",
  ...process.env,
};
/** Runs a step quietly: its output is shown only when it fails. */
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env, encoding: "utf8" });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    say(`'${cmd} ${args.join(" ")}' failed`);
    process.exit(r.status ?? 1);
  }
  return r.stdout ?? "";
};

// Local secrets: generated once, kept in .dev.vars (gitignored), never printed.
const devVars = join(root, ".dev.vars");
if (!existsSync(devVars)) {
  const template = readFileSync(join(root, ".dev.vars.example"), "utf8");
  writeFileSync(
    devVars,
    template
      .replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${randomBytes(32).toString("hex")}`)
      .concat(`CREDENTIALS_KEY=${randomBytes(32).toString("base64")}\n`),
  );
  say("wrote .dev.vars with fresh local secrets");
}

say(
  `starting locally (database${process.env.SKIP_WEB_BUILD ? "" : ", editor build"}, Worker); about a minute the first time…`,
);
const migrated = run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
const applied = new Set(migrated.split("About to apply")[0].match(/\d{4}_[\w-]+\.sql/g) ?? []).size;
if (applied) say(`database: ${applied} migration${applied === 1 ? "" : "s"} applied`);
if (!process.env.SKIP_WEB_BUILD) run("npm", ["run", "--silent", "build:web"]);

// The SSRF guard resolves host names through this (workerd cannot): names of private addresses are refused.
const resolver = await startResolver();
const wranglerArgs = ["dev", "--port", String(port), "--persist-to", persist, "--var", `LOG_LEVEL:${logLevel}`];
// Every configuration variable set in the shell reaches the Worker: plain ones (wrangler.toml [vars]) as --var,
// secrets (the names in .dev.vars.example, JWT_SECRET, CREDENTIALS_KEY, CREDENTIALS_KEY_PREVIOUS) through an env file layered over .dev.vars,
// so they never appear on a command line.
for (const name of tomlVarNames(readFileSync(join(root, "wrangler.toml"), "utf8"))) {
  if (name !== "LOG_LEVEL" && name !== "SSRF_RESOLVER_URL" && process.env[name] !== undefined)
    wranglerArgs.push("--var", `${name}:${process.env[name]}`);
}
// Locally the demo user is the store's admin (it approves the seeded listings) unless ADMIN_USERS is set.
if (process.env.ADMIN_USERS === undefined) wranglerArgs.push("--var", `ADMIN_USERS:${demo.email}`);
const secretsFile = writeShellSecrets();
if (secretsFile) wranglerArgs.push("--env-file", devVars, "--env-file", secretsFile);
wranglerArgs.push("--var", `SSRF_RESOLVER_URL:${resolver.url}`);
if (logLevel === "error" || logLevel === "silent") wranglerArgs.push("--log-level", "error");
wranglerArgs.push("--show-interactive-dev-session=false");
const dev = spawn("wrangler", wranglerArgs, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env });
// Until the server answers, wrangler's start-up chatter (bindings table, the cron note: this script drives cron)
// is held back and shown only if the start fails; once ready, the Worker's own log passes through.
let ready = false;
let held = "";
for (const [from, to] of [
  [dev.stdout, process.stdout],
  [dev.stderr, process.stderr],
]) {
  from.on("data", (chunk) => {
    if (ready) to.write(chunk);
    else held = (held + chunk).slice(-200_000);
  });
}

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  dev.kill(signal);
};
if (secretsFile) dev.on("exit", () => rmSync(secretsFile, { force: true }));
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
dev.on("exit", (code) => {
  if (!ready && !stopping) process.stderr.write(held);
  process.exit(stopping ? 0 : (code ?? 1));
});

async function waitForHealth() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function api(path, { token, method = "GET", json } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function seed() {
  let auth = await api("/auth/signup", { method: "POST", json: demo });
  if (auth.status === 409) auth = await api("/auth/login", { method: "POST", json: demo });
  if (!auth.body?.token) throw new Error(`sign-in failed (${auth.status})`);
  const token = auth.body.token;
  const list = await api("/graphs?limit=1", { token });
  if (list.status === 200 && list.body.items.length === 0) {
    const agent = JSON.parse(readFileSync(join(root, "scripts", "demo-agent.json"), "utf8"));
    const created = await api("/graphs", { token, method: "POST", json: agent });
    if (created.status !== 201) throw new Error(`demo agent not created (${created.status})`);
  }
  const plan = JSON.parse(readFileSync(join(root, "scripts", "store-seed.json"), "utf8"));
  const templates = join(root, "web", "src", "lib", "templates");
  const store = await seedStore(api, token, plan, (file) => JSON.parse(readFileSync(join(templates, file), "utf8")));
  if (!store.skipped) say(`store seeded: ${store.published} agents published, ${store.approved} approved`);
}

// wrangler's local mode never fires cron triggers by itself; it only offers a route that runs the real
// scheduled() handler (handled by the runtime before asset routing). Call it at every minute boundary with
// that minute as the scheduled time, as Cloudflare does, so schedules fire under `npm start` too.
const cronPattern = "* * * * *";
function driveCron() {
  let warned = false;
  const fire = async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    try {
      const res = await fetch(
        `${base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cronPattern)}&time=${minute}&format=json`,
      );
      if (!res.ok && !warned) say(`the cron trigger failed (${res.status}); retrying every minute`);
      warned = !res.ok;
    } catch (e) {
      if (!warned) say(`the cron trigger could not be reached: ${e.message}`);
      warned = true;
    }
  };
  const next = () => setTimeout(() => fire().finally(next), 60_000 - (Date.now() % 60_000) + 50).unref();
  next();
}

if (await waitForHealth()) {
  if (!process.env.NO_CRON) driveCron();
  if (!process.env.NO_SEED) {
    try {
      await seed();
    } catch (e) {
      say(`seeding the demo user/agent failed: ${e.message}`);
    }
  }
  // Errors wrangler reported while starting are still worth seeing.
  const problems = held.split("\n").filter((line) => /\[ERROR\]|✘/.test(line));
  if (problems.length) console.error(problems.join("\n"));
  ready = true;
  say(`ready — open ${base}/`);
  if (!process.env.NO_SEED) say(`sign in as ${demo.email} / ${demo.password} (or sign up)`);
  say(`API ${base}/api/v1 · docs ${base}/api/docs · Ctrl-C stops · data in ${persist}`);
} else {
  process.stderr.write(held);
  say("the server did not become healthy within 60 s");
  stop("SIGTERM");
}

/** The names under `[vars]` in wrangler.toml. */
function tomlVarNames(toml) {
  const section = /^\[vars\]\s*$([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? "";
  return [...section.matchAll(/^([A-Z][A-Z0-9_]*)\s*=/gm)].map((m) => m[1]);
}

/** Secrets set in the shell, written to a private env file (removed on exit); undefined when none is set. */
function writeShellSecrets() {
  const example = readFileSync(join(root, ".dev.vars.example"), "utf8");
  const names = new Set(["JWT_SECRET", "CREDENTIALS_KEY", "CREDENTIALS_KEY_PREVIOUS"]);
  for (const m of example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)) names.add(m[1]);
  const lines = [...names]
    .filter((name) => process.env[name] !== undefined)
    .map((name) => {
      const value = process.env[name];
      return /['\n]/.test(value) ? `${name}=${JSON.stringify(value)}` : `${name}='${value}'`;
    });
  if (lines.length === 0) return undefined;
  const dir = join(root, ".wrangler", "tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `start-secrets-${process.pid}.env`);
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  return file;
}
