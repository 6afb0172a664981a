// The counters of an `analytics_daily` rollup row, summed over any set of rows: what the report and the
// Prometheus export both read.

const SUM_COLUMNS = [
  "completed",
  "completed_with_errors",
  "failed",
  "terminated",
  "duration_ms",
  "cost",
  "input_tokens",
  "output_tokens",
  "llm_calls",
  "node_errors",
] as const;

/** One summed row: every counter, 0 when no rows matched. */
export type SumRow = Record<(typeof SUM_COLUMNS)[number], number>;

/**
 * The select list summing every counter (each named after its column); `alias` prefixes the columns.
 * @example db.prepare(`SELECT ${sumsSql("a.")} FROM analytics_daily a WHERE ...`)
 */
export const sumsSql = (alias = "") => SUM_COLUMNS.map((c) => `COALESCE(SUM(${alias}${c}), 0) AS ${c}`).join(", ");
