// Shapes of the monitoring report (`/analytics/...`) and notifications as the editor reads them.
import { z } from "zod";

const Totals = z.looseObject({
  runs: z.number(),
  completed: z.number(),
  completed_with_errors: z.number(),
  failed: z.number(),
  terminated: z.number(),
  success_rate: z.number().nullable(),
  duration_avg_ms: z.number().nullable(),
  duration_p50_ms: z.number().nullable(),
  duration_p95_ms: z.number().nullable(),
  cost: z.number(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  llm_calls: z.number(),
  node_errors: z.number(),
});
export type RunTotals = z.output<typeof Totals>;

export const AnalyticsReportSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  totals: Totals,
  daily: z.array(
    z.looseObject({
      day: z.string(),
      completed: z.number(),
      completed_with_errors: z.number(),
      failed: z.number(),
      terminated: z.number(),
      cost: z.number(),
      input_tokens: z.number(),
      output_tokens: z.number(),
    }),
  ),
  agents: z.array(Totals.extend({ graph_id: z.string(), name: z.string().nullable() })),
  failing_blocks: z.array(
    z.looseObject({
      block_id: z.string(),
      block_name: z.string().nullable(),
      failures: z.number(),
      last_error: z.string().nullable(),
      last_failed_at: z.string().nullable(),
      last_execution_id: z.string().nullable(),
      last_graph_id: z.string().nullable(),
    }),
  ),
});
export type AnalyticsReport = z.output<typeof AnalyticsReportSchema>;

export const NotificationSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  payload: z.record(z.string(), z.unknown()),
  read_at: z.string().nullable(),
  created_at: z.string(),
});
export type Notification = z.output<typeof NotificationSchema>;
export const NotificationListSchema = z.looseObject({ items: z.array(NotificationSchema), unread: z.number() });
