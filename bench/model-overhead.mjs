// Platform overhead per model call: runs an agent of one AITextGeneratorBlock against the fake OpenAI server
// (test/fakes/model-server.mjs) and subtracts the fake server's own handling time from the node's wall time.
// Also a 3-turn SmartDecisionMaker agent (calculator tool), per tool-call turn above the model's time.
// Usage: node bench/model-overhead.mjs [runs=100]
import { startModelServer } from "../test/fakes/model-server.mjs";
import { apiClient } from "./lib/api.mjs";
import { startPlatform } from "./lib/platform.mjs";

const runs = Number(process.argv[2] ?? 100);
const fake = await startModelServer();
const platform = await startPlatform({
  buildWeb: false,
  // BENCH_FROM_HEAD=0 measures the work tree (nobody else edits it while it runs).
  fromHead: process.env.BENCH_FROM_HEAD !== "0",
  vars: { OPENAI_BASE_URL: `${fake.url}/v1`, RATE_LIMIT_PER_MINUTE: "100000" },
});
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const serverStats = async () => (await fetch(`${fake.url}/stats`)).json();
try {
  const api = apiClient(platform.base);
  await api.signIn();
  const cred = (
    await api.call("POST", "/credentials", { provider: "openai", type: "api_key", title: "bench", api_key: "sk-bench" })
  ).body;
  const meta = { id: cred.id, provider: cred.provider, type: cred.type, title: cred.title };
  const gen = crypto.randomUUID();
  const text = await api.createAgent({
    name: "one model call",
    nodes: [
      {
        id: gen,
        block_id: "1f292d4a-41a4-4977-9684-7c8d560b9f91",
        input_default: { prompt: "Hello there", model: "gpt-4o-mini", credentials: meta },
        metadata: {},
      },
    ],
    links: [],
  });
  const sdm = crypto.randomUUID();
  const calc = crypto.randomUUID();
  const agent = await api.createAgent({
    name: "three turns",
    nodes: [
      {
        id: sdm,
        block_id: "3b191d9f-356f-482d-8238-ba04b6d18381",
        input_default: { prompt: "[[agent]] 6*7", model: "gpt-4o", credentials: meta, agent_mode_max_iterations: 5 },
        metadata: {},
      },
      { id: calc, block_id: "b1ab9b19-67a6-406d-abf5-2dba76d00c79", input_default: {}, metadata: {} },
    ],
    links: ["a", "b", "operation"].map((f) => ({
      source_id: sdm,
      source_name: `tools_^_${calc}_~_${f}`,
      sink_id: calc,
      sink_name: f,
      is_static: false,
    })),
  });
  const measure = async (graphId, nodeId, warm) => {
    const overheads = [];
    for (let i = 0; i < runs + warm; i++) {
      const before = (await serverStats()).serverMs.length;
      const r = await api.execute(graphId, { inputs: {} }, 30);
      if (r.status !== 200 || r.body.status !== "COMPLETED")
        throw new Error(`run failed: ${JSON.stringify(r.body).slice(0, 300)}`);
      const server = (await serverStats()).serverMs.slice(before);
      const wallMs = r.body.stats.node_wall_time[nodeId] * 1000;
      if (i >= warm)
        overheads.push({ per: (wallMs - server.reduce((a, b) => a + b, 0)) / server.length, calls: server.length });
    }
    return overheads;
  };
  const one = await measure(text.id, gen, 10);
  const turns = await measure(agent.id, sdm, 5);
  const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms, p90 ${pct(xs, 90).toFixed(2)} ms`;
  console.log(
    `AITextGenerator, per model call (node wall − fake server time), ${runs} runs: ${fmt(one.map((o) => o.per))}`,
  );
  console.log(
    `SmartDecisionMaker agent mode, per turn (${turns[0].calls} model calls + tool node, node wall − fake server time) / calls: ${fmt(turns.map((o) => o.per))}`,
  );
} finally {
  if (process.env.BENCH_LOG) (await import("node:fs")).writeFileSync(process.env.BENCH_LOG, platform.logTail(100000));
  await platform.stop();
  fake.close();
}
