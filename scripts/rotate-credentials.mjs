// `npm run credentials:rotate`: re-seals every vault credential and webhook secret still under an old key with
// CREDENTIALS_KEY, in the local D1 state `npm start` uses (PERSIST_DIR, default .wrangler/state). The keys come
// from the shell, else from .dev.vars: CREDENTIALS_KEY (the new key) and CREDENTIALS_KEY_PREVIOUS (the old ones,
// comma-separated). Runs the Worker's own rotation code (worker/credentials/rotate.ts, bundled here) against
// the local D1 through wrangler's platform proxy; prints what it did and how many remain (0: the old key can go).
// Exit code 1 when some secret could not be re-sealed (its key is in neither variable).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { getPlatformProxy, unstable_readConfig } from "wrangler";

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
  for (const [kind, r] of [
    ["credentials", report.credentials],
    ["webhook secrets", report.webhook_secrets],
  ]) {
    console.log(`${kind}: ${r.rotated} re-encrypted, ${r.remaining} still under an old key`);
    for (const f of r.failed) console.log(`  ${f.id}: ${f.error}`);
  }
  console.log(
    report.remaining === 0
      ? `done: every secret is under key ${ring.current.id}; CREDENTIALS_KEY_PREVIOUS can go`
      : `${report.remaining} remaining: keep CREDENTIALS_KEY_PREVIOUS (add the key they were sealed with) and run again`,
  );
  process.exitCode = report.failed.length > 0 ? 1 : 0;
} finally {
  await proxy.dispose();
}
