// Shapes of the API responses the editor reads. Parsed leniently (unknown fields pass through, optional
// fields may be absent) so small server-side additions never break the UI; types flow from these schemas.
import { z } from "zod";
import { GraphSchema } from "../../../../graph/schema";
import type { JsonSchema } from "../graph-logic/json-schema";

const jsonSchema = z.record(z.string(), z.unknown()).transform((s) => s as JsonSchema);

export const UserSchema = z.looseObject({ id: z.string(), email: z.string() });
export type User = z.output<typeof UserSchema>;

export const SessionSchema = z.looseObject({ token: z.string(), user: UserSchema });
export type Session = z.output<typeof SessionSchema>;

export const BlockInfoSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().default(""),
  categories: z.array(z.string()).default([]),
  block_type: z.string().default("STANDARD"),
  static_output: z.boolean().default(false),
  input_schema: jsonSchema.default({}),
  output_schema: jsonSchema.default({}),
});
export type BlockInfo = z.output<typeof BlockInfoSchema>;
export const BlockListSchema = z.union([
  z.array(BlockInfoSchema),
  z.looseObject({ items: z.array(BlockInfoSchema) }).transform((r) => r.items),
]);

/** A stored graph version as the API returns it: the AutoGPT graph JSON plus computed fields. */
export const GraphResponseSchema = z.looseObject({
  ...GraphSchema.shape,
  id: z.string(),
  version: z.number().int(),
  input_schema: jsonSchema.default({}),
  output_schema: jsonSchema.default({}),
  warnings: z.array(z.looseObject({ path: z.string().optional(), message: z.string() })).default([]),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type GraphResponse = z.output<typeof GraphResponseSchema>;

export const GraphSummarySchema = z.looseObject({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  description: z.string().nullish(),
  is_active: z.boolean().optional(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  last_execution: z.looseObject({ status: z.string(), started_at: z.string().nullish() }).nullish(),
});
export type GraphSummary = z.output<typeof GraphSummarySchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({ items: z.array(item), next_cursor: z.string().nullish() });

export const GraphVersionSchema = z.looseObject({
  version: z.number().int(),
  is_active: z.boolean().optional(),
  created_at: z.string().nullish(),
  name: z.string().optional(),
});
export type GraphVersion = z.output<typeof GraphVersionSchema>;

export const ExecutionStatus = z.string();
const time = z.union([z.string(), z.number()]).nullish();

/** Model tokens and their cost (US cents) of a node execution or a run; undefined when no model was called. */
export type Usage = { inputTokens: number; outputTokens: number; costCents: number; model?: string };

function usageOf(
  stats: { input_token_count?: number; output_token_count?: number; cost?: number; model?: string } | null | undefined,
): Usage | undefined {
  // No model call yet (or none at all): nothing to show rather than "0 tokens".
  if (!stats || !(stats.input_token_count || stats.output_token_count || stats.cost)) return undefined;
  return {
    inputTokens: stats.input_token_count ?? 0,
    outputTokens: stats.output_token_count ?? 0,
    costCents: stats.cost ?? 0,
    ...(stats.model ? { model: stats.model } : {}),
  };
}

/** One node execution, tolerant of the REST (`input`/`output`) and AutoGPT event (`input_data`) spellings. */
export const NodeExecutionSchema = z
  .looseObject({
    node_exec_id: z.string().optional(),
    id: z.string().optional(),
    node_id: z.string(),
    block_id: z.string().nullish(),
    status: ExecutionStatus,
    input: z.record(z.string(), z.unknown()).nullish(),
    input_data: z.record(z.string(), z.unknown()).nullish(),
    output: z.record(z.string(), z.unknown()).nullish(),
    output_data: z.record(z.string(), z.unknown()).nullish(),
    error: z.string().nullish(),
    add_time: time,
    queue_time: time,
    start_time: time,
    end_time: time,
    queued_at: time,
    started_at: time,
    ended_at: time,
    stats: z
      .looseObject({
        input_token_count: z.number().optional(),
        output_token_count: z.number().optional(),
        cost: z.number().optional(),
        model: z.string().optional(),
      })
      .nullish(),
  })
  .transform((n) => ({
    nodeExecId: n.node_exec_id ?? n.id ?? `${n.node_id}`,
    nodeId: n.node_id,
    blockId: n.block_id ?? undefined,
    status: n.status,
    input: n.input ?? n.input_data ?? {},
    output: n.output ?? n.output_data ?? {},
    error: n.error ?? undefined,
    queuedAt: toMillis(n.queued_at ?? n.queue_time ?? n.add_time),
    startedAt: toMillis(n.started_at ?? n.start_time),
    endedAt: toMillis(n.ended_at ?? n.end_time),
    usage: usageOf(n.stats),
    /** The text an AI node has generated so far (live `node_text_stream` messages; never from REST). */
    liveText: undefined as string | undefined,
  }));
export type NodeExecution = z.output<typeof NodeExecutionSchema>;

export const ExecutionSchema = z
  .looseObject({
    id: z.string().optional(),
    execution_id: z.string().optional(),
    graph_exec_id: z.string().optional(),
    graph_id: z.string(),
    graph_version: z.number().int().optional(),
    status: ExecutionStatus,
    error: z.string().nullish(),
    inputs: z.record(z.string(), z.unknown()).nullish(),
    outputs: z.record(z.string(), z.unknown()).nullish(),
    stats: z
      .looseObject({
        cost: z.number().optional(),
        duration: z.number().optional(),
        input_token_count: z.number().optional(),
        output_token_count: z.number().optional(),
      })
      .nullish(),
    started_at: time,
    ended_at: time,
    created_at: time,
    node_executions: z.array(NodeExecutionSchema).optional(),
    trigger: z.looseObject({ type: z.string() }).nullish(),
  })
  .transform((e) => ({
    id: e.id ?? e.execution_id ?? e.graph_exec_id ?? "",
    graphId: e.graph_id,
    graphVersion: e.graph_version,
    status: e.status,
    error: e.error ?? undefined,
    inputs: e.inputs ?? {},
    outputs: e.outputs ?? {},
    durationSeconds: e.stats?.duration,
    usage: usageOf(e.stats),
    startedAt: toMillis(e.started_at ?? e.created_at),
    endedAt: toMillis(e.ended_at),
    nodeExecutions: e.node_executions ?? [],
    /** How the run started: manual, api, schedule or webhook. */
    trigger: e.trigger?.type ?? "manual",
  }));
export type Execution = z.output<typeof ExecutionSchema>;

export const ApiKeySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  prefix: z.string().nullish(),
  scopes: z.array(z.string()).default([]),
  created_at: z.string().nullish(),
  last_used_at: z.string().nullish(),
});
export type ApiKey = z.output<typeof ApiKeySchema>;

export const ReviewSchema = z.looseObject({
  node_exec_id: z.string(),
  node_id: z.string().optional(),
  name: z.string().nullish(),
  status: z.string().optional(),
  data: z.unknown().optional(),
  message: z.string().nullish(),
  editable: z.boolean().optional(),
});
export type Review = z.output<typeof ReviewSchema>;

/** ISO strings, epoch seconds or epoch milliseconds → epoch milliseconds. */
export function toMillis(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "number") return value < 1e11 ? value * 1000 : value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
