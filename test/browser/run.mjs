#!/usr/bin/env node
// Browser tests for the editor: playwright-core driving Debian's chromium against a real `wrangler dev`
// (Worker + D1 + Durable Objects + WebSockets in workerd). Expects the editor already built (`npm run build:web`).
// Prints `browser: N passed, M failed` and exits non-zero on any failure.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { scenarios } from "./scenarios.mjs";
import { startServer } from "./server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test", "artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const log = (msg) => console.log(`[browser] ${msg}`);

if (!existsSync(join(root, "web", ".svelte-kit", "cloudflare", "index.html"))) {
  console.error("[browser] the editor is not built: run `npm run build:web` first");
  console.log("browser: 0 passed, 1 failed");
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
let server;
let context;
const profile = mkdtempSync(join(tmpdir(), "agentflare-chromium-"));
const started = Date.now();

const shutdown = async () => {
  await context?.close().catch(() => {});
  await server?.stop().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
};
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    await shutdown();
    process.exit(130);
  });
}

try {
  server = await startServer(root, log);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  const consoleWarnings = [];
  // Tokens ride in WebSocket URLs (?token=): never copy them into the log.
  const redact = (text) => text.replace(/token=[^&\s'"]+/g, "token=<redacted>");
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(redact(m.text()));
    if (m.type() === "warning") consoleWarnings.push(redact(m.text()));
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  // BROWSER_ONLY=<regex> runs the matching scenarios (plus the first, which signs up) while iterating locally.
  const only = process.env.BROWSER_ONLY ? new RegExp(process.env.BROWSER_ONLY, "i") : null;
  const selected = scenarios({ base: server.base, root, artifacts, log }).filter(
    (s, i) => !only || i === 0 || only.test(s.name),
  );
  for (const scenario of selected) {
    const t0 = Date.now();
    try {
      await scenario.run(page);
      passed++;
      log(`✓ ${scenario.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      log(`✗ ${scenario.name}: ${e.message.split("\n")[0]}`);
      const file = join(artifacts, `failed-${passed + failed}.png`);
      await page.screenshot({ path: file }).catch(() => {});
      log(`  screenshot: ${file} (page at ${redact(page.url())})`);
      if (consoleErrors.length) log(`  console errors: ${consoleErrors.slice(-5).join(" | ")}`);
    }
  }
  // Nothing the editor or the API docs do may be refused by their Content-Security-Policy.
  const violations = consoleErrors.filter((e) => /Content Security Policy/i.test(e));
  if (violations.length === 0) {
    passed++;
    log("✓ no Content-Security-Policy violations during the suite");
  } else {
    failed++;
    log(`✗ ${violations.length} CSP violations, e.g. ${[...new Set(violations)].slice(0, 3).join(" | ")}`);
  }
  // The console must stay quiet: a warning is a bug a user's devtools would show.
  if (consoleWarnings.length === 0) {
    passed++;
    log("✓ no console warnings during the suite");
  } else {
    failed++;
    log(`✗ ${consoleWarnings.length} console warnings, e.g. ${[...new Set(consoleWarnings)].slice(0, 3).join(" | ")}`);
  }
} catch (e) {
  failed++;
  log(`setup failed: ${e.message}`);
} finally {
  await shutdown();
}

log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
