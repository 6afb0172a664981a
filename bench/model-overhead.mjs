// Platform overhead per model call: runs an agent of one AITextGeneratorBlock against the fake OpenAI server
// (test/fakes/model-server.mjs) and subtracts the fake server's own handling time from the node's wall time.
// Also a 3-turn SmartDecisionMaker agent (calculator tool), per tool-call turn above the model's time; the same
// for a plain HTTP node (ExtractWebsiteContent against the fake Jina reader: one credential, one request), the
// floor any node that calls out pays on this machine; and the first streamed token on the run's socket after the
// fake server sent it (a signed-in user's run, whose text streams).
// Usage: node bench/model-overhead.mjs [runs=100]   (BENCH_FROM_HEAD=0: the work tree instead of the last commit;
// CALLS_ONLY=1: only the per-call figures)
import { startModelServer } from "../test/fakes/model-server.mjs";
import { apiClient } from "./lib/api.mjs";
import { firstTokenGap } from "./lib/first-token.mjs";
import { startPlatform } from "./lib/platform.mjs";
import { createThreeTurnAgent } from "./lib/three-turn-agent.mjs";

let runs = Number(process.argv[2] ?? 100);
const fake = await startModelServer();
const platform = await startPlatform({
  buildWeb: false,
  // BENCH_FROM_HEAD=0 measures the work tree (nobody else edits it while it runs).
  fromHead: process.env.BENCH_FROM_HEAD !== "0",
  vars: {
    OPENAI_BASE_URL: `${fake.url}/v1`,
    JINA_READER_URL: `${fake.url}/jina/reader/`,
    // The bare SendWebRequest node's URL is a user's: only the allow list lets it reach the fake on loopback
    // (an operator endpoint's origin is no exemption for it).
    OUTBOUND_ALLOW_HOSTS: new URL(fake.url).host,
    RATE_LIMIT_PER_MINUTE: "100000",
  },
});
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const serverStats = async () => (await fetch(`${fake.url}/stats`)).json();
try {
  const api = apiClient(platform.base);
  const { token } = await api.signIn();
  const addKey = async (provider, key) => {
    const c = (await api.call("POST", "/credentials", { provider, type: "api_key", title: "bench", api_key: key }))
      .body;
    return { id: c.id, provider: c.provider, type: c.type, title: c.title };
  };
  const meta = await addKey("openai", "sk-bench");
  const jina = await addKey("jina", "jina-bench");
  const oneNode = (name, block_id, input_default) => {
    const id = crypto.randomUUID();
    return api
      .createAgent({ name, nodes: [{ id, block_id, input_default, metadata: {} }], links: [] })
      .then((g) => ({ graphId: g.id, nodeId: id }));
  };
  const text = await oneNode("one model call", "1f292d4a-41a4-4977-9684-7c8d560b9f91", {
    prompt: "Hello there",
    model: "gpt-4o-mini",
    credentials: meta,
  });
  const http = await oneNode("one HTTP call", "436c3984-57fd-4b85-8e9a-459b356883bd", {
    url: "https://example.com/page",
    credentials: jina,
  });
  const turnsAgent = await createThreeTurnAgent(api, meta);
  const bare = await oneNode("one bare request", "6595ae1f-b924-42cb-9a41-551a0611c4b4", {
    // SendWebRequest to the fake (on OUTBOUND_ALLOW_HOSTS, exempt from the address check): no credential, no SDK.
    url: `${fake.url}/jina/reader/bare`,
    method: "GET",
  });
  // Per run: the node's wall time split at the fake server: `before` = node start → the request arriving at the
  // server, `after` = the server's last byte → node end (both clocks are this machine's; the runtime's clock only
  // moves at I/O, so the node's own CPU after its last I/O is not in its wall time).
  const measure = async (graphId, nodeId, warm) => {
    const overheads = [];
    for (let i = 0; i < runs + warm; i++) {
      const before = (await serverStats()).serverMs.length;
      const r = await api.execute(graphId, { inputs: {} }, 30);
      if (r.status !== 200 || r.body.status !== "COMPLETED")
        throw new Error(`run failed: ${JSON.stringify(r.body).slice(0, 300)}`);
      const after = await serverStats();
      const server = after.serverMs.slice(before);
      const spans = after.spans.slice(before);
      const wallMs = r.body.stats.node_wall_time[nodeId] * 1000;
      if (i < warm) continue;
      const exec = (await api.getExecution(r.body.id)).body.node_executions.find((e) => e.node_id === nodeId);
      overheads.push({
        per: (wallMs - server.reduce((a, b) => a + b, 0)) / server.length,
        calls: server.length,
        before: spans.length ? spans[0][0] - Date.parse(exec.started_at) : Number.NaN,
        after: spans.length ? Date.parse(exec.ended_at) - spans[spans.length - 1][1] : Number.NaN,
      });
    }
    return overheads;
  };
  const split = (xs) =>
    `(node start → request at the server p50 ${pct(
      xs.map((o) => o.before),
      50,
    ).toFixed(2)} ms; server's last byte → node end p50 ${pct(
      xs.map((o) => o.after),
      50,
    ).toFixed(2)} ms)`;

  // First streamed token: the run's socket is open before the fake server answers (it waits 200 ms first).
  const firstToken = async (n) => {
    const gaps = [];
    for (let i = 0; i < n; i++)
      gaps.push(await firstTokenGap({ api, base: platform.base, token, fakeUrl: fake.url, credentials: meta }));
    return gaps;
  };

  const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms, p90 ${pct(xs, 90).toFixed(2)} ms`;
  // Interleaved in rounds, so a change in the machine's load hits all three alike.
  const one = [];
  const floor = [];
  const bareRuns = [];
  const rounds = 5;
  const perRound = Math.max(1, Math.round(runs / rounds));
  const savedRuns = runs;
  for (let round = 0; round < rounds; round++) {
    runs = perRound;
    one.push(...(await measure(text.graphId, text.nodeId, round === 0 ? 10 : 2)));
    floor.push(...(await measure(http.graphId, http.nodeId, round === 0 ? 10 : 2)));
    bareRuns.push(...(await measure(bare.graphId, bare.nodeId, round === 0 ? 10 : 2)));
  }
  runs = savedRuns;
  // The same kind of request from the Worker itself, outside any Durable Object (no storage write before it, no
  // output gate): "test this key" (GET /v1/models) minus reading the same credential's metadata, minus the server.
  const rtt = async (method, path) => {
    const t0 = performance.now();
    const r = await api.call(method, path);
    if (r.status !== 200) throw new Error(`${method} ${path} answered ${r.status}`);
    return performance.now() - t0;
  };
  const workerFetch = [];
  for (let i = 0; i < runs + 10; i++) {
    const before = (await serverStats()).serverMs.length;
    const tested = await rtt("POST", `/credentials/${meta.id}/test`);
    const server = (await serverStats()).serverMs.slice(before).reduce((a, b) => a + b, 0);
    const plain = await rtt("GET", `/credentials/${meta.id}`);
    if (i >= 10) workerFetch.push(tested - plain - server);
  }
  console.log(
    `AITextGenerator, per model call (node wall − fake server time), ${one.length} runs: ${fmt(one.map((o) => o.per))} ${split(one)}`,
  );
  console.log(
    `Floor: ExtractWebsiteContent, one credential + one HTTP call (node wall − fake server time): ${fmt(floor.map((o) => o.per))} ${split(floor)}`,
  );
  console.log(
    `Bare: SendWebRequest GET to the fake server, no credential, no SDK (node wall − fake server time): ${fmt(bareRuns.map((o) => o.per))} ${split(bareRuns)}`,
  );
  // CALLS_ONLY=1: only the per-call figures above (a short profiling run).
  console.log(
    `Worker (no Durable Object): POST /credentials/:id/test − GET /credentials/:id − fake server time: ${fmt(workerFetch)}`,
  );
  if (process.env.CALLS_ONLY !== "1") {
    const turns = await measure(turnsAgent.graphId, turnsAgent.nodeId, 5);
    console.log(
      `SmartDecisionMaker agent mode, per turn (${turns[0].calls} model calls + tool node, node wall − fake server time) / calls: ${fmt(turns.map((o) => o.per))}`,
    );
    const tokenGaps = await firstToken(Math.max(5, Math.min(20, runs)));
    console.log(`First streamed token on the run's socket after the fake server sent it: ${fmt(tokenGaps)}`);
  }
} finally {
  if (process.env.BENCH_LOG) (await import("node:fs")).writeFileSync(process.env.BENCH_LOG, platform.logTail(100000));
  await platform.stop();
  fake.close();
}
