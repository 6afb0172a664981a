#!/usr/bin/env node
// Throwaway: CPU profile of our isolate while one-node agents (ai / bare) run sequentially against the fake server.
// Prints inclusive ms per run for chosen frames, and self time by area.
//   node bench/experiments/profile-calls.mjs [runs=200] [kind=ai]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startModelServer } from "../../test/fakes/model-server.mjs";
import { apiClient, executeAsPerson } from "../lib/api.mjs";
import { cdp, workerInspectorUrl } from "../lib/inspector.mjs";
import { startPlatform } from "../lib/platform.mjs";
import { sourceMapper } from "../lib/source-map.mjs";

const runs = Number(process.argv[2] ?? 200);
const kind = process.argv[3] ?? "ai";
const fake = await startModelServer();
const platform = await startPlatform({
  buildWeb: false,
  fromHead: false,
  devArgs: ["--minify=false"],
  vars: {
    OPENAI_BASE_URL: `${fake.url}/v1`,
    JINA_READER_URL: `${fake.url}/jina/reader/`,
    // The bare SendWebRequest node's URL is a user's: only the allow list lets it reach the fake on loopback
    // (an operator endpoint's origin is no exemption for it).
    OUTBOUND_ALLOW_HOSTS: new URL(fake.url).host,
    RATE_LIMIT_PER_MINUTE: "100000",
  },
});
try {
  const api = apiClient(platform.base);
  const { token } = await api.signIn();
  const c = (
    await api.call("POST", "/credentials", { provider: "openai", type: "api_key", title: "b", api_key: "sk-b" })
  ).body;
  const meta = { id: c.id, provider: c.provider, type: c.type, title: c.title };
  const id = crypto.randomUUID();
  const node =
    kind === "ai" || kind === "stream"
      ? {
          block_id: "1f292d4a-41a4-4977-9684-7c8d560b9f91",
          input_default: { prompt: "Hi", model: "gpt-4o-mini", credentials: meta },
        }
      : {
          block_id: "6595ae1f-b924-42cb-9a41-551a0611c4b4",
          input_default: { url: `${fake.url}/jina/reader/b`, method: "GET" },
        };
  const g = await api.createAgent({ name: "p", nodes: [{ id, ...node, metadata: {} }], links: [] });
  // "stream": a signed-in person's run (manual trigger), whose AI nodes stream (durable-objects/live-text.ts).
  const execute = () =>
    kind === "stream" ? executeAsPerson(platform.base, token, g.id, 30) : api.execute(g.id, { inputs: {} }, 30);
  for (let i = 0; i < 20; i++) await execute();
  const insp = await cdp(await workerInspectorUrl(platform.inspectorPort));
  await insp.send("Profiler.enable");
  await insp.send("Profiler.setSamplingInterval", { interval: 100 });
  await insp.send("Profiler.start");
  for (let i = 0; i < runs; i++) {
    const r = await execute();
    if (r.body.status !== "COMPLETED") throw new Error(JSON.stringify(r.body).slice(0, 200));
  }
  const { profile } = await insp.send("Profiler.stop");
  insp.close();
  fs.writeFileSync(path.join(os.tmpdir(), `calls-${kind}.cpuprofile`), JSON.stringify(profile));
  analyse(profile, runs, platform.root);
} finally {
  await platform.stop();
  fake.close();
}

function analyse(profile, done, root) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  const mapper = sourceMapper(root);
  const label = (n) => {
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    const src = url ? mapper(url, lineNumber, columnNumber) : null;
    return `${functionName || "(anon)"} ${src ? `${src.file}:${src.line}` : ""}`;
  };
  // inclusive: for each sample, every distinct label on its stack
  const incl = new Map();
  const selfBy = new Map();
  let idle = 0;
  let total = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    total += ms;
    if (n.callFrame.functionName === "(idle)") {
      idle += ms;
      continue;
    }
    selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur));
      if (seen.has(l)) continue;
      seen.add(l);
      incl.set(l, (incl.get(l) ?? 0) + ms);
    }
  }
  console.log(`busy ms per run ${((total - idle) / done).toFixed(3)}`);
  console.log("# inclusive, ms per run (our files and the SDK's entry points)");
  for (const [k, v] of [...incl]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => !k.startsWith("(root)"))
    .slice(0, 70))
    console.log(`${(v / done).toFixed(3)}  ${k}`);
  console.log("# self, ms per run");
  for (const [k, v] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${(v / done).toFixed(3)}  ${k}`);
}
