// The run and review resources as the API and the live events show them, built from the run row and
// its node executions.

import { blockCatalog } from "../blocks/catalog";
import type { NodeExec } from "../engine/node-exec";
import { nodeStats, runOutputs } from "../engine/run-report";
import { isFinal } from "../engine/status";
import { usageTotals } from "../engine/usage";
import {
  isoTime,
  MANUAL_TRIGGER,
  nodeExecutionView,
  type RunResultView,
  type RunSummaryView,
  type RunView,
} from "../engine/views";
import { resolveOutputRefs } from "./large-values";
import type { ReviewRow, RunRow } from "./run-store";
import { budgetedView, VIEW_BUDGET_BYTES } from "./view-budget";

export type ReviewView = {
  node_exec_id: string;
  node_id: string;
  name: string;
  data: unknown;
  editable: boolean;
  status: ReviewRow["status"];
  reviewed_data: unknown;
  message: string | null;
  created_at: string;
  reviewed_at: string | null;
};

/** A node execution that failed, as the monitoring rollup counts it (worker/analytics/rollup.ts). */
export type FailedNode = { nodeId: string; blockId: string; error: string | null; endedAt: number | null };

// The failed nodes of a final run's summary ride beside it, not in it: the public summary shape stays AutoGPT's,
// and the index writer (run-index.ts), which gets only the summary, can still count them.
const failedNodes = new WeakMap<RunSummaryView, FailedNode[]>();

/** The failed node executions of a final run, for a summary built by `runSummary` (else none). */
export const failedNodesOf = (summary: RunSummaryView): FailedNode[] => failedNodes.get(summary) ?? [];

export function runSummary(run: RunRow, execs: readonly NodeExec[]): RunSummaryView {
  const summary = buildRunSummary(run, execs);
  if (isFinal(run.status)) {
    const failed: FailedNode[] = [];
    // Counted as nodeStats counts node_error_count: executions of this run that started.
    for (const e of execs) {
      if (e.status !== "FAILED" || e.reused || e.startedAt === null) continue;
      failed.push({ nodeId: e.nodeId, blockId: e.blockId, error: e.error, endedAt: e.endedAt });
    }
    failedNodes.set(summary, failed);
  }
  return summary;
}

function buildRunSummary(run: RunRow, execs: readonly NodeExec[]): RunSummaryView {
  const stats = nodeStats(execs);
  const usage = usageTotals(execs);
  const end = run.endedAt ?? Date.now();
  const wall: Record<string, number> = {};
  for (const [node, ms] of Object.entries(stats.node_wall_time)) wall[node] = ms / 1000;
  return {
    id: run.executionId,
    graph_id: run.graphId,
    graph_version: run.graphVersion,
    status: run.status,
    error: run.error,
    parent_execution_id: run.parent?.executionId ?? null,
    created_at: isoTime(run.createdAt) as string,
    started_at: isoTime(run.startedAt),
    ended_at: isoTime(run.endedAt),
    stats: {
      duration: (end - (run.startedAt ?? run.createdAt)) / 1000,
      node_exec_count: stats.node_exec_count + run.extraSteps,
      node_error_count: stats.node_error_count,
      cost: run.extraCost + usage.cost,
      input_token_count: usage.input_token_count,
      output_token_count: usage.output_token_count,
      llm_call_count: usage.llm_call_count,
      node_wall_time: wall,
      error: run.error,
    },
    trigger: run.options.trigger ?? MANUAL_TRIGGER,
  };
}

export function runResult(run: RunRow, execs: readonly NodeExec[]): RunResultView {
  return { ...runSummary(run, execs), inputs: run.inputs, outputs: runOutputs(execs, blockCatalog) };
}

export function runView(run: RunRow, execs: readonly NodeExec[]): RunView {
  const ordered = [...execs].sort((a, b) => a.seq - b.seq);
  return {
    ...runResult(run, ordered),
    node_executions: ordered.map((e) => nodeExecutionView(run.executionId, e)),
  };
}

export function reviewView(r: ReviewRow): ReviewView {
  return {
    node_exec_id: r.nodeExecId,
    node_id: r.nodeId,
    name: r.name,
    data: r.data,
    editable: r.editable,
    status: r.status,
    reviewed_data: r.reviewedData,
    message: r.message,
    created_at: isoTime(r.createdAt) as string,
    reviewed_at: isoTime(r.reviewedAt),
  };
}

/** The view with large output values fetched back from R2 (node executions keep their references). */
export async function apiView(
  files: R2Bucket,
  run: RunRow,
  execs: readonly NodeExec[],
  budget = VIEW_BUDGET_BYTES,
): Promise<RunView> {
  const view = runView(run, execs);
  return budgetedView(view, await resolveOutputRefs(files, view.outputs, budget / 2), budget);
}

/** The result (no node executions) with large output values fetched back from R2. */
export async function apiResult(
  files: R2Bucket,
  run: RunRow,
  execs: readonly NodeExec[],
  budget = VIEW_BUDGET_BYTES,
): Promise<RunResultView> {
  const result = runResult(run, execs);
  return { ...result, outputs: await resolveOutputRefs(files, result.outputs, budget) };
}
