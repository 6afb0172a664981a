// The public shapes of a run and its node executions: the REST resources and the WebSocket events carry
// the same fields (AutoGPT's GraphExecution / NodeExecutionResult, snake_case). Types flow from here.
import { z } from "zod";
import { type NodeExec, outputsByPin } from "./node-exec";
import { ExecutionStatus } from "./status";

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const NodeExecutionView = z.object({
  node_exec_id: z.string(),
  graph_exec_id: z.string(),
  node_id: z.string(),
  block_id: z.string(),
  status: ExecutionStatus,
  input: z.record(z.string(), z.unknown()).describe("The input the node ran with (link data merged over defaults)"),
  output: z.record(z.string(), z.array(z.unknown())).describe("Every value yielded, per pin, in order"),
  error: z.string().nullable(),
  queued_at: z.string().nullable(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  retry: z.number().int().describe("How many times this execution was started again"),
  reused: z.boolean().describe("Recorded in an earlier run and reused by a rerun"),
  stats: z
    .object({
      input_token_count: z.number().int(),
      output_token_count: z.number().int(),
      llm_call_count: z.number().int(),
      model: z.string().nullable(),
      cost: z.number().describe("US cents, from the model price table"),
    })
    .nullable()
    .describe("Model tokens and cost of this execution (AI blocks); null when it called no model"),
});
export type NodeExecutionView = z.infer<typeof NodeExecutionView>;

export const RunStats = z.object({
  duration: z.number().describe("Seconds from start to end (or until now)"),
  node_exec_count: z.number().int(),
  node_error_count: z.number().int(),
  cost: z.number().describe("Cents, sub-runs included (model calls priced by the model price table)"),
  input_token_count: z.number().int().optional().describe("Model input tokens of every node execution"),
  output_token_count: z.number().int().optional().describe("Model output tokens of every node execution"),
  llm_call_count: z.number().int().optional().describe("Model calls made by the run's nodes"),
  node_wall_time: z.record(z.string(), z.number()).describe("Seconds per node id, summed over its executions"),
  error: z.string().nullable().describe("Why the run failed, as AutoGPT's stats.error"),
});
export type RunStats = z.infer<typeof RunStats>;

/** How a run started: from the editor (manual), through the API with a key, a schedule or a webhook. */
export const RunTrigger = z.object({
  type: z.enum(["manual", "api", "schedule", "webhook"]),
  schedule_id: z.string().optional(),
  webhook_id: z.string().optional(),
});
export type RunTrigger = z.infer<typeof RunTrigger>;
export const TRIGGER_TYPES = RunTrigger.shape.type.options;

/** The trigger of runs recorded before runs carried one. */
export const MANUAL_TRIGGER: RunTrigger = { type: "manual" };

export const RunSummaryView = z.object({
  id: z.string(),
  graph_id: z.string(),
  graph_version: z.number().int(),
  status: ExecutionStatus,
  error: z.string().nullable(),
  parent_execution_id: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  stats: RunStats,
  trigger: RunTrigger,
});
export type RunSummaryView = z.infer<typeof RunSummaryView>;

/** A run with its inputs and outputs (AutoGPT's GraphExecution): a synchronous execute's answer, run events. */
export const RunResultView = RunSummaryView.extend({
  inputs: z.record(z.string(), z.unknown()),
  outputs: z.record(z.string(), z.array(z.unknown())).describe("{name: [values]} from the output nodes"),
});
export type RunResultView = z.infer<typeof RunResultView>;

/** The whole run, every node execution included (AutoGPT's GraphExecutionWithNodes). */
export const RunView = RunResultView.extend({
  node_executions: z.array(NodeExecutionView),
});
export type RunView = z.infer<typeof RunView>;

export function nodeExecutionView(graphExecId: string, e: NodeExec): NodeExecutionView {
  return {
    node_exec_id: e.id,
    graph_exec_id: graphExecId,
    node_id: e.nodeId,
    block_id: e.blockId,
    status: e.status,
    input: e.input,
    output: outputsByPin(e.output),
    error: e.error,
    queued_at: iso(e.queuedAt),
    started_at: iso(e.startedAt),
    ended_at: iso(e.endedAt),
    retry: e.retry,
    reused: e.reused === true,
    stats: e.stats ?? null,
  };
}

export const isoTime = iso;
