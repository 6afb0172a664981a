#!/usr/bin/env node
// `npm run bench`: starts the platform like a user (`npm start` on a spare port, fresh temp state, LOG_LEVEL=error),
// creates the benchmark agents through the public API and measures them. Prints one `name: value` line per figure
// and saves all of them to bench/results/<date>.json. A part whose feature has not landed prints `name: n/a (why)`.
//
//   npm run bench                         # everything
//   npm run bench -- --only chain10,ws    # selected parts: chain10 fanout8 start1 chain100 ws memory editor
//                                         #   ratelimit growth
//   npm run bench -- --head               # measure the last commit (a snapshot), not the work tree
import { execFileSync } from "node:child_process";
import path from "node:path";
import { apiClient, Unavailable } from "./lib/api.mjs";
import { PEER_PARAMS, peersDir } from "./lib/loadgen.mjs";
import { startPlatform } from "./lib/platform.mjs";
import { createResults } from "./lib/results.mjs";
import { measureChain100 } from "./sections/chain100.mjs";
import { measureEditor } from "./sections/editor.mjs";
import { measureShape } from "./sections/latency.mjs";
import { measureMemoryGrowth, measureRateLimitBurst } from "./sections/limits.mjs";
import { measureAfterRuns, measureIdle, measureReview } from "./sections/memory.mjs";
import { measureFanout500, measureNodeEventDelay, measureRunSocketVsHub } from "./sections/ws.mjs";

const ALL = ["chain10", "fanout8", "start1", "chain100", "ws", "memory", "editor", "ratelimit", "growth"];
const argv = process.argv.slice(2);
const onlyArg = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
const only = new Set(
  (onlyArg ?? ALL.join(","))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const s of only) if (!ALL.includes(s)) throw new Error(`unknown part '${s}' (parts: ${ALL.join(", ")})`);
const want = (s) => only.has(s);
const fromHead = argv.includes("--head") || process.env.BENCH_FROM_HEAD === "1";

const results = createResults();
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "error";
console.error(`[bench] parts: ${[...only].join(", ")}; loadgen: ${path.join(peersDir(), "loadgen.mjs")}`);
results.put(
  "bench.log_level",
  `${LOG_LEVEL} (wrangler --log-level error and the app's LOG_LEVEL var: a log line per request halves local throughput)`,
);
results.put(
  "bench.loadgen_params",
  Object.entries(PEER_PARAMS)
    .map(([k, v]) => `${k}=${v}`)
    .join(" "),
);
results.load("bench.start");

// The per-key limit (600/min by default) would cap the load at 10 runs/s; raise it, keeping the limiter's Durable
// Object call on every request as in production. BENCH_RATE_LIMIT=0 turns limiting off (to measure its cost).
const RATE_LIMIT = process.env.BENCH_RATE_LIMIT ?? "100000000";
const AUTH_BURST_LIMIT = 600;
results.put("bench.rate_limit_per_minute", RATE_LIMIT === "0" ? "off" : RATE_LIMIT);
const platform = await startPlatform({
  buildWeb: want("editor") && !process.env.SKIP_WEB_BUILD,
  logLevel: LOG_LEVEL,
  // 500 sockets on one run come from one user (MAX_SOCKETS_PER_USER is 50 by default); the auth limit is what the
  // rate-limit burst measures (failed authentications spend it).
  vars: {
    RATE_LIMIT_PER_MINUTE: RATE_LIMIT,
    MAX_SOCKETS_PER_USER: "1000",
    AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_BURST_LIMIT),
  },
  fromHead,
});
results.put(
  "bench.code",
  fromHead
    ? `HEAD snapshot ${gitHead()}${process.env.BENCH_PATCH ? ` + patch ${path.basename(process.env.BENCH_PATCH)}` : ""}`
    : `work tree at ${gitHead()}${gitDirty() ? " + uncommitted changes" : ""}`,
);
let stopping = false;
const shutdown = async (code) => {
  if (stopping) return;
  stopping = true;
  await platform.stop();
  process.exit(code);
};
process.on("SIGINT", () => shutdown(130));
process.on("SIGTERM", () => shutdown(143));
results.put("bench.startup_to_healthy_s", platform.startupS);

/** Shared state for the parts: the API as the bench user, the agents created so far, runs executed. */
const ctx = {
  base: platform.base,
  pid: platform.pid,
  persistDir: platform.persistDir,
  inspectorPort: platform.inspectorPort,
  runs: 0,
  raw: {},
  memory: {},
};

function gitHead() {
  return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: import.meta.dirname })
    .toString()
    .trim();
}
function gitDirty() {
  return (
    execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: import.meta.dirname }).length > 0
  );
}

async function part(name, fn) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Unavailable) results.na(name, e.message);
    else {
      results.na(name, `error: ${e.message}`);
      console.error(e);
    }
  }
}

try {
  ctx.api = apiClient(platform.base);
  await part("bench.auth", async () => {
    ctx.auth = await ctx.api.signIn();
    results.put("bench.auth", ctx.auth.via);
  });
  const created = new Map();
  ctx.agent = async (name) => {
    if (!created.has(name)) {
      const shape = (await import(`./agents/${name}.mjs`)).default;
      const graph = await ctx.api.createAgent(shape.agent);
      created.set(name, { id: graph.id, shape });
    }
    return created.get(name);
  };
  if (!ctx.auth) throw new Unavailable("no signed-in user");

  if (want("memory")) {
    await part("memory.idle", () => measureIdle(ctx, results));
    // Right after idle, so the waiting runs' cost is not hidden by earlier objects being evicted; they stay
    // waiting (hibernated) through the rest of the bench.
    if (ctx.memory.idle) await part("memory.review1000", () => measureReview(ctx, results));
  }
  for (const shapeName of ["chain10", "fanout8", "start1"]) {
    if (!want(shapeName)) continue;
    results.load(shapeName);
    await part(shapeName, () => measureShape(ctx, results, shapeName));
  }
  if (want("memory") && ctx.memory.idle) await part("memory.after_runs", () => measureAfterRuns(ctx, results));
  if (want("chain100")) {
    results.load("chain100");
    await part("chain100", () => measureChain100(ctx, results));
  }
  if (want("ratelimit")) {
    results.load("ratelimit");
    await part("ratelimit.burst", () => measureRateLimitBurst(ctx, results, AUTH_BURST_LIMIT));
  }
  if (want("growth")) {
    results.load("growth");
    await part("memory.growth", () => measureMemoryGrowth(ctx, results));
  }
  if (want("ws")) {
    results.load("ws");
    await part("ws.node_event_delay", () => measureNodeEventDelay(ctx, results));
    await part("ws.run_socket_vs_hub", () => measureRunSocketVsHub(ctx, results));
    await part("ws.fanout500", () => measureFanout500(ctx, results));
  }
  if (want("editor")) {
    results.load("editor");
    await part("editor", () => measureEditor(ctx, results));
  }
} catch (e) {
  if (e instanceof Unavailable) results.na("bench", e.message);
  else {
    console.error(e);
    results.na("bench", `error: ${e.message}`);
  }
} finally {
  results.load("bench.end");
  const file = results.save(path.join(import.meta.dirname, "results"), { parts: [...only], runs: ctx.runs });
  console.error(`[bench] saved ${path.relative(process.cwd(), file)}`);
  await shutdown(0);
}
