// The monitoring report's shapes (`GET /api/v1/analytics/...`, `GET /api/v1/admin/analytics`), one definition each.
import { z } from "@hono/zod-openapi";

/** Counts and sums of ended top-level runs over a set of days. */
export const RunTotals = z
  .object({
    runs: z.number().int().describe("Ended runs (completed + failed + terminated)"),
    completed: z.number().int(),
    completed_with_errors: z.number().int().describe("COMPLETED runs in which a node failed (part of `completed`)"),
    failed: z.number().int(),
    terminated: z.number().int(),
    success_rate: z
      .number()
      .nullable()
      .describe("Completed runs without a failed node / ended runs (0..1); null without runs"),
    duration_avg_ms: z.number().nullable(),
    duration_p50_ms: z.number().nullable().describe("Median run duration, within ±4.4% (log buckets)"),
    duration_p95_ms: z.number().nullable().describe("95th percentile run duration, within ±4.4% (log buckets)"),
    cost: z.number().describe("US cents of model calls, sub-runs included"),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    llm_calls: z.number().int(),
    node_errors: z.number().int().describe("Failed node executions"),
  })
  .openapi("RunTotals");
export type RunTotals = z.infer<typeof RunTotals>;

export const DayTotals = z
  .object({
    day: z.string().describe("UTC date the runs ended"),
    completed: z.number().int(),
    completed_with_errors: z.number().int(),
    failed: z.number().int(),
    terminated: z.number().int(),
    cost: z.number(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
  })
  .openapi("AnalyticsDay");
export type DayTotals = z.infer<typeof DayTotals>;

export const AgentTotals = RunTotals.extend({
  graph_id: z.string(),
  name: z.string().nullable().describe("The agent's name (null once it is deleted)"),
  owner_id: z.string(),
}).openapi("AgentAnalytics");
export type AgentTotals = z.infer<typeof AgentTotals>;

export const FailingBlock = z
  .object({
    block_id: z.string(),
    block_name: z.string().nullable(),
    failures: z.number().int(),
    last_error: z.string().nullable(),
    last_failed_at: z.string().nullable(),
    last_execution_id: z.string().nullable(),
    last_graph_id: z.string().nullable(),
    last_node_id: z.string().nullable(),
  })
  .openapi("FailingBlock");
export type FailingBlock = z.infer<typeof FailingBlock>;

export const UserTotals = z
  .object({
    owner_id: z.string(),
    email: z.string().nullable(),
    runs: z.number().int(),
    failed: z.number().int(),
    cost: z.number(),
  })
  .openapi("UserAnalytics");

export const AnalyticsReport = z
  .object({
    from: z.string().describe("First UTC day included"),
    to: z.string().describe("Last UTC day included (today)"),
    totals: RunTotals,
    daily: z.array(DayTotals).describe("Every day of the range, oldest first (zeros on days without runs)"),
    agents: z.array(AgentTotals).describe("Agents with ended runs in the range, most runs first (at most 50)"),
    failing_blocks: z.array(FailingBlock).describe("Blocks with failed executions, most failures first (at most 10)"),
    users: z.array(UserTotals).optional().describe("Admin view only: users with most runs first (at most 50)"),
  })
  .openapi("AnalyticsReport");
export type AnalyticsReport = z.infer<typeof AnalyticsReport>;

export const AnalyticsQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .default(30)
    .describe("How many UTC days, ending today (1 = today only)"),
});
