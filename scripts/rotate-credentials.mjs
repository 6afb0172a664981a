// `npm run credentials:rotate`: re-seals every vault credential and webhook secret still under an old key with
// CREDENTIALS_KEY, in the local D1 state `npm start` uses (PERSIST_DIR, default .wrangler/state). The keys come
// from the shell, else from .dev.vars: CREDENTIALS_KEY (the new key) and CREDENTIALS_KEY_PREVIOUS (the old ones,
// comma-separated). Runs the Worker's own rotation code (worker/credentials/rotate.ts, bundled here) against
// the local D1 through wrangler's platform proxy; prints what it did and how many remain (0: the old key can go).
// `npm run credentials:rotate -- --remote https://<worker> [--limit N]`: the same on a deployed Worker, which
// holds the keys as secrets: calls its `POST /api/v1/admin/credentials/rotate` (N rows per call, default 100)
// until the pass is over, as an admin (ADMIN_USERS) whose API key or session token is in AGENTFLARE_TOKEN.
// Exit code 1 when some secret could not be re-sealed (its key is in neither variable), 2 when it could not run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: { remote: { type: "string" }, limit: { type: "string" } } });

/** Prints what a pass did per kind (`{rotated, remaining, failed: [{id, error}]}`) and what to do next. */
function summary(kinds, remaining, done) {
  for (const [kind, r] of kinds) {
    console.log(`${kind}: ${r.rotated} re-encrypted, ${r.remaining} still under an old key`);
    for (const f of r.failed) console.log(`  ${f.id}: ${f.error}`);
  }
  console.log(
    remaining === 0
      ? done
      : `${remaining} remaining: keep CREDENTIALS_KEY_PREVIOUS (add the key they were sealed with) and run again`,
  );
}

/** Calls the deployed Worker's rotation route until the pass is over; the exit code as in local mode. */
async function rotateRemote(base, token, limit) {
  const url = new URL("/api/v1/admin/credentials/rotate", base);
  const kinds = { credentials: { rotated: 0, failed: [] }, webhook_secrets: { rotated: 0, failed: [] } };
  let cursor;
  let calls = 0;
  do {
    const res = await fetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ limit, ...(cursor ? { cursor } : {}) }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      console.error(`${url.origin} answered ${res.status}: ${body?.error?.message ?? res.statusText}`);
      return 2;
    }
    calls++;
    for (const [kind, total] of Object.entries(kinds)) {
      total.rotated += body.reencrypted[kind];
      total.failed.push(...body.failed[kind]);
    }
    const left = body.remaining.credentials + body.remaining.webhook_secrets;
    if (body.next_cursor) console.error(`call ${calls}: ${left} left to go over`);
    cursor = body.next_cursor;
  } while (cursor);
  // What the pass left under an old key is what it could not re-seal.
  const report = Object.entries(kinds).map(([kind, r]) => [
    kind === "webhook_secrets" ? "webhook secrets" : kind,
    { ...r, remaining: r.failed.length },
  ]);
  const failed = kinds.credentials.failed.length + kinds.webhook_secrets.failed.length;
  summary(
    report,
    failed,
    `done: every secret is under the Worker's CREDENTIALS_KEY; CREDENTIALS_KEY_PREVIOUS can go (wrangler secret delete CREDENTIALS_KEY_PREVIOUS)`,
  );
  return failed > 0 ? 1 : 0;
}

if (args.remote !== undefined) {
  const token = process.env.AGENTFLARE_TOKEN;
  const limit = args.limit === undefined ? 100 : Number(args.limit);
  let base;
  try {
    base = new URL(args.remote);
  } catch {
    console.error(`--remote needs the Worker's URL (https://…), got "${args.remote}"`);
    process.exit(2);
  }
  if (!token) {
    console.error("AGENTFLARE_TOKEN is not set: an admin's API key (write scope) or session token");
    process.exit(2);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    console.error("--limit is the rows per call, 1 to 1000");
    process.exit(2);
  }
  process.exit(await rotateRemote(base, token, limit));
}

const { build } = await import("esbuild");
const { getPlatformProxy, unstable_readConfig } = await import("wrangler");
const root = resolve(import.meta.dirname, "..");
const persist = resolve(root, process.env.PERSIST_DIR ?? join(".wrangler", "state"));

/** KEY=VALUE lines of .dev.vars (quotes stripped); the shell wins. */
function devVars() {
  const file = join(root, ".dev.vars");
  if (!existsSync(file)) return {};
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/);
    if (m) vars[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}
const vars = { ...devVars(), ...process.env };
if (!vars.CREDENTIALS_KEY) {
  console.error("CREDENTIALS_KEY is not set (shell or .dev.vars): nothing to rotate to");
  process.exit(2);
}

// The rotation and the cipher are TypeScript without Worker-only imports: bundle them for Node.
const outDir = mkdtempSync(join(tmpdir(), "agentflare-rotate-"));
const outfile = join(outDir, "rotate.mjs");
await build({
  stdin: {
    contents: `export { rotateCredentials } from "./worker/credentials/rotate";
export { keyring } from "./durable-objects/vault-cipher";`,
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  format: "esm",
  platform: "node",
  outfile,
  logLevel: "error",
});
const { rotateCredentials, keyring } = await import(pathToFileURL(outfile).href);

// Only the D1 binding of wrangler.toml (same database id, so the same local file): the Worker's other bindings
// (its Durable Objects) are not needed and would only warn.
const config = unstable_readConfig({ config: join(root, "wrangler.toml") });
const configPath = join(outDir, "wrangler.json");
writeFileSync(
  configPath,
  JSON.stringify({
    name: config.name,
    compatibility_date: config.compatibility_date,
    d1_databases: config.d1_databases.filter((d) => d.binding === "DB"),
  }),
);
const proxy = await getPlatformProxy({ configPath, persist: { path: join(persist, "v3") } });
rmSync(outDir, { recursive: true, force: true });
try {
  const ring = await keyring(vars.CREDENTIALS_KEY, vars.CREDENTIALS_KEY_PREVIOUS);
  const report = await rotateCredentials(proxy.env.DB, ring);
  summary(
    [
      ["credentials", report.credentials],
      ["webhook secrets", report.webhook_secrets],
    ],
    report.remaining,
    `done: every secret is under key ${ring.current.id}; CREDENTIALS_KEY_PREVIOUS can go`,
  );
  process.exitCode = report.failed.length > 0 ? 1 : 0;
} finally {
  await proxy.dispose();
}
