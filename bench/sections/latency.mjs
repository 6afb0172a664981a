// chain10, fanout8, start1: synchronous execute measured by the peers' load generator with the peers' parameters
// (50 warm-up, 200 sequential -> p50/p99, 2000 over 8 clients -> runs/s).
import { probeExecute } from "../lib/api.mjs";
import { loadgenErrors, runLoadgen } from "../lib/loadgen.mjs";

export const WAIT_S = 30;

/** Measures one agent shape; returns loadgen's output (also used by side-by-side.sh via --only). */
export async function measureShape(ctx, results, name) {
  const { id, shape } = await ctx.agent(name);
  await probeExecute(ctx.api, id, shape);
  const r = await runLoadgen({
    url: `${ctx.base}/api/v1/graphs/${id}/execute?wait=${WAIT_S}`,
    body: shape.body,
    expect: shape.expect,
    header: ctx.auth.authHeader,
    pid: ctx.pid,
  });
  ctx.runs += (r.warmup ?? 0) + (r.seq_stats?.n ?? 0) + (r.seq_errors ?? 0) + (r.conc_completed ?? 0);
  results.put(`${name}.p50_ms`, r.seq_stats?.p50_ms);
  results.put(`${name}.p99_ms`, r.seq_stats?.p99_ms);
  results.put(`${name}.rps_c8`, r.conc_rps);
  results.put(`${name}.c8_p50_ms`, r.conc_stats?.p50_ms);
  results.put(`${name}.c8_p99_ms`, r.conc_stats?.p99_ms);
  const e = loadgenErrors(r);
  results.put(`${name}.errors`, e.errors);
  if (e.first) results.put(`${name}.first_error`, JSON.stringify(e.first));
  if (r.conc_timed_out) results.put(`${name}.conc_hit_time_cap`, "true");
  results.put(`${name}.rss_peak_tree_mb`, r.rss_peak_tree_mb);
  ctx.raw[name] = r;
  return r;
}
