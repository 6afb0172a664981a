#!/usr/bin/env node
// Paired A/B of the per-call figures of bench/model-overhead.mjs: several platforms up at once against one fake
// server, measured run by run in alternating order (the machine's drift hits every variant alike). Per variant and kind
// (ai: AITextGenerator, http: ExtractWebsiteContent, bare: SendWebRequest, sdm: SmartDecisionMaker per turn, streamed: an AITextGenerator whose call streams), p50 of
// node wall − server time and its split at the server; `first`: the first streamed token on the run's socket after
// the fake server sent it (as bench/model-overhead.mjs measures them).
//   node bench/experiments/call-ab.mjs [--rounds 6] [--runs 15] [--kinds ai,bare] VARIANT...
//   VARIANT: head | <patch file> | work (the work tree), optionally followed by ,ENV=VALUE pairs for `npm start`
import { startModelServer } from "../../test/fakes/model-server.mjs";
import { apiClient, executeAsPerson } from "../lib/api.mjs";
import { flagsAndVariants } from "../lib/args.mjs";
import { firstTokenGap } from "../lib/first-token.mjs";
import { startPlatform } from "../lib/platform.mjs";
import { loadAvg } from "../lib/proc.mjs";
import { createThreeTurnAgent } from "../lib/three-turn-agent.mjs";

const { flags, variants } = flagsAndVariants();
const rounds = Number(flags.get("rounds") ?? 6);
const runs = Number(flags.get("runs") ?? 15);
const kinds = (flags.get("kinds") ?? "ai,http,bare").split(",");
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const fake = await startModelServer();
const vars = {
  OPENAI_BASE_URL: `${fake.url}/v1`,
  JINA_READER_URL: `${fake.url}/jina/reader/`,
  // The bare SendWebRequest node's URL is a user's: only the allow list lets it reach the fake on loopback
  // (an operator endpoint's origin is no exemption for it).
  OUTBOUND_ALLOW_HOSTS: new URL(fake.url).host,
  RATE_LIMIT_PER_MINUTE: "100000",
};

async function start(spec) {
  const [what, ...envPairs] = spec.split(",");
  const extraEnv = Object.fromEntries(envPairs.map((p) => p.split("=")));
  if (what !== "head" && what !== "work") process.env.BENCH_PATCH = what;
  else delete process.env.BENCH_PATCH;
  const platform = await startPlatform({ buildWeb: false, fromHead: what !== "work", vars, extraEnv });
  const api = apiClient(platform.base);
  const { token } = await api.signIn();
  const addKey = async (provider, key) => {
    const c = (await api.call("POST", "/credentials", { provider, type: "api_key", title: "b", api_key: key })).body;
    return { id: c.id, provider: c.provider, type: c.type, title: c.title };
  };
  const meta = await addKey("openai", "sk-bench");
  const jina = await addKey("jina", "jina-bench");
  const oneNode = async (block_id, input_default) => {
    const id = crypto.randomUUID();
    const g = await api.createAgent({ name: "x", nodes: [{ id, block_id, input_default, metadata: {} }], links: [] });
    return { graphId: g.id, nodeId: id };
  };
  const agents = {
    ai: await oneNode("1f292d4a-41a4-4977-9684-7c8d560b9f91", {
      prompt: "Hi",
      model: "gpt-4o-mini",
      credentials: meta,
    }),
    http: await oneNode("436c3984-57fd-4b85-8e9a-459b356883bd", { url: "https://example.com/p", credentials: jina }),
    bare: await oneNode("6595ae1f-b924-42cb-9a41-551a0611c4b4", { url: `${fake.url}/jina/reader/b`, method: "GET" }),
  };
  agents.sdm = await createThreeTurnAgent(api, meta);
  const firstToken = async () => {
    const gap = await firstTokenGap({
      api,
      base: platform.base,
      token,
      fakeUrl: fake.url,
      credentials: meta,
      name: "x",
    });
    return { per: gap, before: Number.NaN, after: Number.NaN, client: Number.NaN };
  };
  agents.streamed = agents.ai;
  // `streamed`: the AITextGenerator run by a signed-in person (manual trigger), whose model call streams.
  const execute = (kind, graphId) =>
    kind === "streamed" ? executeAsPerson(platform.base, token, graphId, 30) : api.execute(graphId, { inputs: {} }, 30);
  const once = async (kind) => {
    if (kind === "first") return firstToken();
    const { graphId, nodeId } = agents[kind];
    const before = (await (await fetch(`${fake.url}/stats`)).json()).serverMs.length;
    const t0 = performance.now();
    const r = await execute(kind, graphId);
    const client = performance.now() - t0;
    if (r.body.status !== "COMPLETED") throw new Error(`${spec} ${kind}: ${JSON.stringify(r.body).slice(0, 300)}`);
    const st = await (await fetch(`${fake.url}/stats`)).json();
    const server = st.serverMs.slice(before);
    const spans = st.spans.slice(before);
    const exec = (await api.getExecution(r.body.id)).body.node_executions.find((e) => e.node_id === nodeId);
    const wall = r.body.stats.node_wall_time[nodeId] * 1000;
    return {
      per: (wall - server.reduce((a, b) => a + b, 0)) / (kind === "sdm" ? server.length : 1),
      before: spans[0][0] - Date.parse(exec.started_at),
      after: Date.parse(exec.ended_at) - spans.at(-1)[1],
      client,
    };
  };
  return { spec, platform, once, rows: Object.fromEntries(kinds.map((k) => [k, []])) };
}

const started = [];
try {
  for (const v of variants) started.push(await start(v));
  for (const s of started) for (const k of kinds) for (let i = 0; i < 5; i++) await s.once(k);
  const loads = [];
  for (let round = 0; round < rounds; round++) {
    loads.push(loadAvg()[0]);
    // Run by run, the variants' order alternating: a burst of load hits them alike.
    for (const k of kinds)
      for (let i = 0; i < runs; i++) {
        const order = (round + i) % 2 ? [...started].reverse() : started;
        for (const s of order) s.rows[k].push(await s.once(k));
      }
  }
  console.log(
    `load ${Math.min(...loads)}–${Math.max(...loads)}, ${rounds} rounds × ${runs} runs per kind and variant, p50 ms:`,
  );
  for (const s of started) {
    for (const k of kinds) {
      const f = (key) =>
        pct(
          s.rows[k].map((r) => r[key]),
          50,
        ).toFixed(2);
      const p90 = pct(
        s.rows[k].map((r) => r.per),
        90,
      ).toFixed(2);
      console.log(
        `  ${s.spec.padEnd(40)} ${k.padEnd(5)} per call ${f("per")} (p90 ${p90})  start→request ${f("before")}  last byte→end ${f("after")}  client ${f("client")}`,
      );
    }
  }
} finally {
  for (const s of started) await s.platform.stop();
  fake.close();
}
