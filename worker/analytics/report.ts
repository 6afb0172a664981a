// Reads the monitoring rollups (migration 0008) into a report: per day, per agent, totals, duration quantiles
// and failing blocks. Every query reads rollup rows only (one per owner, agent and day with runs; a few
// duration buckets each), never the runs themselves, and goes out in one D1 batch.
import { getBlock } from "../../blocks/registry";
import { quantileOf } from "../../engine/duration-histogram";
import { type SumRow, sumsSql } from "./rollup-sums";
import type { AgentTotals, AnalyticsReport, DayTotals, FailingBlock, RunTotals } from "./shapes";

/** Whose runs: one owner (optionally one agent), or everyone (admin). */
export type AnalyticsScope = { ownerId?: string; graphId?: string };

export const MAX_AGENTS = 50;
const MAX_FAILING_BLOCKS = 10;
export const MAX_USERS = 50;
const DAY_MS = 86_400_000;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first and last UTC day of `days` days ending today. */
export function dayRange(days: number, nowMs = Date.now()): { from: string; to: string } {
  return { from: utcDay(nowMs - (days - 1) * DAY_MS), to: utcDay(nowMs) };
}

type BucketRow = { owner_id: string; graph_id: string; bucket: number; runs: number };

const SUMS = sumsSql();

function where(scope: AnalyticsScope, from: string, to: string, alias = "") {
  const clauses = [`${alias}day BETWEEN ? AND ?`];
  const params: string[] = [from, to];
  if (scope.ownerId !== undefined) {
    clauses.push(`${alias}owner_id = ?`);
    params.push(scope.ownerId);
  }
  if (scope.graphId !== undefined) {
    clauses.push(`${alias}graph_id = ?`);
    params.push(scope.graphId);
  }
  return { sql: `WHERE ${clauses.join(" AND ")}`, params };
}

function totalsOf(row: SumRow, buckets: readonly BucketRow[]): RunTotals {
  const runs = row.completed + row.failed + row.terminated;
  return {
    runs,
    completed: row.completed,
    completed_with_errors: row.completed_with_errors,
    failed: row.failed,
    terminated: row.terminated,
    success_rate: runs === 0 ? null : (row.completed - row.completed_with_errors) / runs,
    duration_avg_ms: runs === 0 ? null : Math.round((row.duration_ms / runs) * 10) / 10,
    duration_p50_ms: quantileOf(buckets, 0.5),
    duration_p95_ms: quantileOf(buckets, 0.95),
    cost: row.cost,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    llm_calls: row.llm_calls,
    node_errors: row.node_errors,
  };
}

/**
 * The report for a scope over [from, to] (UTC days); `withUsers` adds the per-user list (admin view).
 * @example await analyticsReport(env.DB, { ownerId }, dayRange(30))
 */
export async function analyticsReport(
  db: D1Database,
  scope: AnalyticsScope,
  range: { from: string; to: string },
  withUsers = false,
): Promise<AnalyticsReport> {
  const { from, to } = range;
  const w = where(scope, from, to);
  const wa = where(scope, from, to, "a.");
  const statements = [
    db.prepare(`SELECT ${SUMS} FROM analytics_daily ${w.sql}`).bind(...w.params),
    db.prepare(`SELECT day, ${SUMS} FROM analytics_daily ${w.sql} GROUP BY day ORDER BY day`).bind(...w.params),
    db
      .prepare(
        `SELECT a.owner_id, a.graph_id, ${sumsSql("a.")},
          (SELECT g.name FROM graphs g WHERE g.id = a.graph_id AND g.owner_id = a.owner_id
            ORDER BY g.is_active DESC, g.version DESC LIMIT 1) AS name
        FROM analytics_daily a ${wa.sql} GROUP BY a.owner_id, a.graph_id
        ORDER BY SUM(a.completed + a.failed + a.terminated) DESC, a.graph_id LIMIT ${MAX_AGENTS}`,
      )
      .bind(...wa.params),
    db
      .prepare(
        `SELECT owner_id, graph_id, bucket, SUM(runs) AS runs FROM analytics_durations ${w.sql}
        GROUP BY owner_id, graph_id, bucket`,
      )
      .bind(...w.params),
    // SQLite gives the bare columns of the row holding MAX(last_failed_at): the latest error per block.
    db
      .prepare(
        `SELECT block_id, SUM(failures) AS failures, MAX(last_failed_at) AS last_failed_at, last_error,
          last_execution_id, graph_id AS last_graph_id, last_node_id
        FROM analytics_block_failures ${w.sql} GROUP BY block_id
        ORDER BY SUM(failures) DESC, block_id LIMIT ${MAX_FAILING_BLOCKS}`,
      )
      .bind(...w.params),
  ];
  if (withUsers) {
    statements.push(
      db
        .prepare(
          `SELECT a.owner_id, u.email, SUM(a.completed + a.failed + a.terminated) AS runs, SUM(a.failed) AS failed,
            SUM(a.cost) AS cost
          FROM analytics_daily a LEFT JOIN users u ON u.id = a.owner_id ${wa.sql}
          GROUP BY a.owner_id ORDER BY runs DESC, a.owner_id LIMIT ${MAX_USERS}`,
        )
        .bind(...wa.params),
    );
  }
  const [total, days, agents, buckets, blocks, users] = await db.batch(statements);
  const bucketRows = (buckets?.results ?? []) as BucketRow[];
  const byDay = new Map(((days?.results ?? []) as (SumRow & { day: string })[]).map((d) => [d.day, d]));
  const daily: DayTotals[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); utcDay(ms) <= to; ms += DAY_MS) {
    const day = utcDay(ms);
    const d = byDay.get(day);
    daily.push({
      day,
      completed: d?.completed ?? 0,
      completed_with_errors: d?.completed_with_errors ?? 0,
      failed: d?.failed ?? 0,
      terminated: d?.terminated ?? 0,
      cost: d?.cost ?? 0,
      input_tokens: d?.input_tokens ?? 0,
      output_tokens: d?.output_tokens ?? 0,
    });
  }
  const agentRows = (agents?.results ?? []) as (SumRow & { owner_id: string; graph_id: string; name: string | null })[];
  const bucketsByAgent = Map.groupBy(bucketRows, (b) => `${b.owner_id}\u0000${b.graph_id}`);
  const report: AnalyticsReport = {
    from,
    to,
    totals: totalsOf(total?.results[0] as SumRow, bucketRows),
    daily,
    agents: agentRows.map(
      (a): AgentTotals => ({
        ...totalsOf(a, bucketsByAgent.get(`${a.owner_id}\u0000${a.graph_id}`) ?? []),
        graph_id: a.graph_id,
        name: a.name,
        owner_id: a.owner_id,
      }),
    ),
    failing_blocks: ((blocks?.results ?? []) as Omit<FailingBlock, "block_name">[]).map((b) => ({
      ...b,
      block_name: getBlock(b.block_id)?.name ?? null,
    })),
  };
  if (users) report.users = users.results as NonNullable<AnalyticsReport["users"]>;
  return report;
}
