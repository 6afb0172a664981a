// `GET /api/v1/metrics`: the platform's run counters in Prometheus' text format (version 0.0.4), read from the
// monitoring rollups (all owners, all days: one pass over the rollup rows, not over runs).
import { bucketBounds } from "../../engine/duration-histogram";
import { type SumRow, sumsSql } from "./rollup-sums";

/** The `le` edges (seconds) of the exported duration histogram. */
const LE_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600];

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(15).replace(/\.?0+$/, ""));

/** The metrics text. */
export async function prometheusText(db: D1Database): Promise<string> {
  const [sums, buckets, users, agents] = await db.batch([
    db.prepare(`SELECT ${sumsSql()} FROM analytics_daily`),
    db.prepare("SELECT bucket, SUM(runs) AS runs FROM analytics_durations GROUP BY bucket"),
    db.prepare("SELECT COUNT(*) AS n FROM users"),
    db.prepare("SELECT COUNT(DISTINCT id) AS n FROM graphs"),
  ]);
  const t = sums?.results[0] as SumRow;
  const countOf = (r: D1Result | undefined) => (r?.results[0] as { n: number } | undefined)?.n ?? 0;
  const counts = (buckets?.results ?? []) as { bucket: number; runs: number }[];
  const runs = t.completed + t.failed + t.terminated;
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${num(value)}`);
  };
  metric("agentflare_runs_total", "counter", "Ended top-level runs by final status.", [
    ['{status="COMPLETED"}', t.completed],
    ['{status="FAILED"}', t.failed],
    ['{status="TERMINATED"}', t.terminated],
  ]);
  metric("agentflare_runs_with_node_errors_total", "counter", "COMPLETED runs in which a node failed.", [
    ["", t.completed_with_errors],
  ]);
  metric("agentflare_node_failures_total", "counter", "Failed node executions of top-level runs.", [
    ["", t.node_errors],
  ]);
  // A run counts under an edge once its whole log bucket lies below it: edges are exact to the bucket's ±9%.
  const histogram: [string, number][] = LE_SECONDS.map((le) => [
    `_bucket{le="${le}"}`,
    counts.filter((c) => bucketBounds(c.bucket)[1] <= le * 1000).reduce((s, c) => s + c.runs, 0),
  ]);
  histogram.push(['_bucket{le="+Inf"}', runs], ["_sum", t.duration_ms / 1000], ["_count", runs]);
  metric("agentflare_run_duration_seconds", "histogram", "Durations of ended top-level runs.", histogram);
  metric("agentflare_model_tokens_total", "counter", "Model tokens used by runs.", [
    ['{direction="input"}', t.input_tokens],
    ['{direction="output"}', t.output_tokens],
  ]);
  metric("agentflare_model_calls_total", "counter", "Model calls made by runs.", [["", t.llm_calls]]);
  metric("agentflare_model_cost_cents_total", "counter", "US cents of model calls (price table).", [["", t.cost]]);
  metric("agentflare_users", "gauge", "Accounts.", [["", countOf(users)]]);
  metric("agentflare_agents", "gauge", "Agents (graphs) saved.", [["", countOf(agents)]]);
  return `${lines.join("\n")}\n`;
}
