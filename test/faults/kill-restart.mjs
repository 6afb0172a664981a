#!/usr/bin/env node
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
// Issue 15's fault suite, the part only a real process can show: the runtime killed hard mid-run. Starts the
// platform as `npm start` does (bench/lib/platform.mjs: scripts/start.mjs on a spare port, its own state folder),
// signs up, starts 20 runs of a chain of 6 ExtractWebsiteContent nodes whose Jina reader is a counting server of
// this script (an operator-set endpoint, so loopback is allowed; every answer takes 400 ms), SIGKILLs the whole
// process tree (start.mjs, wrangler, both workerd) mid-run, starts it again on the same state, and checks:
//   - every run reaches COMPLETED by itself (nobody reads the runs meanwhile: the list is read from D1) with the
//     right output and exactly one COMPLETED node execution per node;
//   - no node that had completed before the kill (as the API showed it just before) ran again: its request reached
//     the counting server exactly once. Only a node in flight at the kill may run twice (at-least-once), and only
//     if the node after it had not started.
// Prints `faults: N passed, M failed`; exits non-zero on any failure.
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient } from "../../bench/lib/api.mjs";
import { repoRoot, sleep, startPlatform } from "../../bench/lib/platform.mjs";

const RUNS = 20;
const CHAIN = 6;
const DELAY_MS = 400;
const BLOCK = {
  input: "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b",
  output: "363ae599-353e-4804-937e-b2ee3cef3da4",
  extract: "436c3984-57fd-4b85-8e9a-459b356883bd",
};

const log = (msg) => console.log(`[faults] ${msg}`);
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  log(`${ok ? "ok  " : "FAIL"} ${what}`);
};

// The counting "reader": GET /<run tag>/<k> answers `<run tag>/<k+1>` after DELAY_MS; every request is recorded
// with the platform generation (0 before the kill, 1 after) it arrived in.
let generation = 0;
const hits = new Map(); // "<tag>/<k>" -> [generation, ...]
const reader = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname.slice(1));
  if (!hits.has(path)) hits.set(path, []);
  hits.get(path).push(generation);
  const m = /^(.+)\/(\d+)$/.exec(path);
  setTimeout(() => {
    res.writeHead(m ? 200 : 404, { "content-type": "text/plain" });
    res.end(m ? `${m[1]}/${Number(m[2]) + 1}` : "unknown");
  }, DELAY_MS);
});
await new Promise((r) => reader.listen(0, "127.0.0.1", r));
const readerUrl = `http://127.0.0.1:${reader.address().port}/`;

// wrangler refuses to start without the editor's assets folder; this suite needs no editor (`npm test` builds it).
const assets = join(repoRoot, "web", ".svelte-kit", "cloudflare");
if (!existsSync(assets)) mkdirSync(assets, { recursive: true });
const persistDir = mkdtempSync(join(tmpdir(), "agentflare-faults-"));
const start = () =>
  startPlatform({ buildWeb: false, persistDir, extraEnv: { JINA_READER_URL: readerUrl, NO_CRON: "1" } });
let platform;
const t0 = Date.now();
try {
  platform = await start();
  log(`platform up in ${platform.startupS.toFixed(1)} s`);
  const api = apiClient(platform.base);
  const auth = await api.signIn();
  const cred = await api.call("POST", "/credentials", {
    provider: "jina",
    type: "api_key",
    title: "reader",
    api_key: "jina-test-key",
  });
  if (cred.status !== 201) throw new Error(`credentials answered ${cred.status} ${JSON.stringify(cred.body)}`);
  const credentials = { id: cred.body.id, provider: "jina", type: "api_key", title: "reader" };

  const nodes = [{ id: "in", block_id: BLOCK.input, input_default: { name: "url" } }];
  const links = [];
  for (let k = 1; k <= CHAIN; k++) {
    nodes.push({ id: `x${k}`, block_id: BLOCK.extract, input_default: { credentials } });
    links.push({ source_id: k === 1 ? "in" : `x${k - 1}`, source_name: k === 1 ? "result" : "content" });
    Object.assign(links.at(-1), { sink_id: `x${k}`, sink_name: "url" });
  }
  nodes.push({ id: "out", block_id: BLOCK.output, input_default: { name: "last" } });
  links.push({ source_id: `x${CHAIN}`, source_name: "content", sink_id: "out", sink_name: "value" });
  const graph = await api.createAgent({ name: "kill mid-run", description: "a slow chain", nodes, links });

  const runs = []; // {id, tag}
  await Promise.all(
    Array.from({ length: RUNS }, async (_, i) => {
      const tag = `run${i}`;
      const r = await api.execute(graph.id, { inputs: { url: `${tag}/1` } });
      if (r.status !== 202 && r.status !== 200) throw new Error(`execute answered ${r.status}`);
      runs.push({ id: r.body.execution_id ?? r.body.id, tag });
    }),
  );
  check(runs.length === RUNS, `${RUNS} runs started`);

  // Mid-run: about a third of the chain done. What the API shows completed now must never run again.
  await sleep(DELAY_MS * 2.5);
  const completedBefore = new Map(); // run id -> node ids COMPLETED before the kill
  await Promise.all(
    runs.map(async (run) => {
      const r = await api.getExecution(run.id);
      const done = (r.body?.node_executions ?? []).filter((e) => e.status === "COMPLETED").map((e) => e.node_id);
      completedBefore.set(run.id, new Set(done));
    }),
  );
  await platform.kill();
  generation = 1;
  const doneAtKill = [...completedBefore.values()].reduce((n, s) => n + s.size, 0);
  const requestedAtKill = [...hits.values()].length;
  log(`killed after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${doneAtKill} node executions were COMPLETED`);
  check(
    requestedAtKill > RUNS && requestedAtKill < RUNS * CHAIN,
    `the kill landed mid-run (${requestedAtKill} of ${RUNS * CHAIN} reader requests made)`,
  );

  platform = await start();
  log(`restarted on the same state in ${platform.startupS.toFixed(1)} s`);
  // The same API key as before the kill (it is in D1, which kept it).
  const key = auth.authHeader.split(": ");
  const call = (path) =>
    fetch(`${platform.base}/api/v1${path}`, { headers: { [key[0]]: key[1] } }).then(async (r) => ({
      status: r.status,
      body: await r.json().catch(() => null),
    }));

  // Wait for every run to end, reading only the run list (D1), not the runs' objects.
  const deadline = Date.now() + 45_000;
  let list = [];
  while (Date.now() < deadline) {
    const r = await call(`/graphs/${graph.id}/executions?limit=100`);
    list = r.body?.items ?? [];
    if (list.length === RUNS && list.every((x) => ["COMPLETED", "FAILED", "TERMINATED"].includes(x.status))) break;
    await sleep(500);
  }
  const byStatus = {};
  for (const x of list) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
  check(
    list.length === RUNS && list.every((x) => x.status === "COMPLETED"),
    `every run COMPLETED by itself after the restart (${JSON.stringify(byStatus)})`,
  );

  let wrongOutput = 0;
  let wrongExecs = 0;
  let reran = 0;
  let reranInFlight = 0;
  const detail = [];
  for (const run of runs) {
    const view = (await call(`/executions/${run.id}`)).body;
    if (
      view?.status !== "COMPLETED" ||
      JSON.stringify(view.outputs?.last) !== JSON.stringify([`${run.tag}/${CHAIN + 1}`])
    ) {
      wrongOutput++;
      detail.push(`${run.id}: ${view?.status} ${JSON.stringify(view?.outputs)} ${view?.error ?? ""}`);
    }
    const execs = view?.node_executions ?? [];
    for (const n of nodes) {
      const mine = execs.filter((e) => e.node_id === n.id);
      if (mine.length !== 1 || mine[0].status !== "COMPLETED") {
        wrongExecs++;
        detail.push(`${run.id} ${n.id}: ${mine.map((e) => e.status).join(",") || "no execution"}`);
      }
    }
    for (let k = 1; k <= CHAIN; k++) {
      const h = hits.get(`${run.tag}/${k}`) ?? [];
      if (h.length <= 1) continue;
      const nextStartedBeforeKill = (hits.get(`${run.tag}/${k + 1}`) ?? []).includes(0);
      if (completedBefore.get(run.id).has(`x${k}`) || nextStartedBeforeKill || h.length > 2) {
        reran++;
        detail.push(`${run.tag} x${k} ran ${h.length}× (generations ${h.join(",")})`);
      } else reranInFlight++;
    }
  }
  for (const line of detail.slice(0, 20)) log(`  ${line}`);
  check(wrongOutput === 0, `every run answers its chain's output (${RUNS - wrongOutput}/${RUNS})`);
  check(wrongExecs === 0, `one COMPLETED node execution per node in every run (${wrongExecs} wrong)`);
  check(
    reran === 0,
    `no completed node ran twice (${reran} did; ${reranInFlight} node${reranInFlight === 1 ? "" : "s"} in flight at the kill ran again, as retries)`,
  );
  const missing = runs.flatMap((run) =>
    Array.from({ length: CHAIN }, (_, k) => `${run.tag}/${k + 1}`).filter((p) => !hits.has(p)),
  );
  check(missing.length === 0, `every node's request reached the reader (${missing.length} missing)`);
} catch (e) {
  failed++;
  log(`FAIL ${e.stack ?? e}`);
  if (platform) log(platform.logTail(30));
} finally {
  await platform?.stop();
  rmSync(persistDir, { recursive: true, force: true });
  reader.close();
}
log(`${passed} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`faults: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
