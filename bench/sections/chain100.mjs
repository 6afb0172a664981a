// chain100: per-node overhead = run time / 100, p50 over 50 sequential synchronous runs (after 5 warm-up runs).
// Run time is the engine's own duration from the finished run's stats when it reports one (time inside the
// Durable Object), and the client's wall time otherwise; both are printed.
import { probeExecute, runDurationMs, Unavailable } from "../lib/api.mjs";
import { percentile } from "../lib/results.mjs";
import { WAIT_S } from "./latency.mjs";

export async function measureChain100(ctx, results) {
  const { id, shape } = await ctx.agent("chain100");
  await probeExecute(ctx.api, id, shape);
  const wall = [];
  const inside = [];
  let field = null;
  for (let i = 0; i < 55; i++) {
    const t0 = performance.now();
    const r = await ctx.api.execute(id, shape.body, WAIT_S);
    const ms = performance.now() - t0;
    ctx.runs++;
    if (r.status !== 200) throw new Unavailable(`run ${i} answered ${r.status}`);
    if (i < 5) continue;
    wall.push(ms);
    const d = runDurationMs(r.body);
    if (d) {
      inside.push(d.ms);
      field = d.field;
    }
  }
  results.put("chain100.wall_p50_ms", percentile(wall, 50));
  results.put("chain100.per_node_wall_ms", +(percentile(wall, 50) / 100).toFixed(3));
  if (inside.length) {
    results.put("chain100.run_p50_ms", percentile(inside, 50));
    results.put("chain100.per_node_ms", +(percentile(inside, 50) / 100).toFixed(3));
    results.put("chain100.run_time_source", field);
  } else {
    results.na("chain100.per_node_ms", "the finished run reports no duration in stats; see per_node_wall_ms");
  }
  // Marginal cost of a node: the slope between chain10 and chain100 wall p50 (fixed per-run costs cancel out).
  const c10 = ctx.raw.chain10?.seq_stats?.p50_ms;
  if (c10) results.put("chain100.marginal_per_node_ms", +((percentile(wall, 50) - c10) / 90).toFixed(3));
}
