// Token use and model cost per node execution, and their sums for a run's stats. Pure.
import type { NodeExec } from "./node-exec";

/** One model call's token use, recorded against the node execution that made it. */
export type ModelUsage = { provider: string; model: string; inputTokens: number; outputTokens: number };

/** What one node execution spent on models (AutoGPT's NodeExecutionStats token fields). */
export type NodeUsageStats = {
  input_token_count: number;
  output_token_count: number;
  llm_call_count: number;
  /** The model of the last call. */
  model: string | null;
  /** US cents, from the price table. */
  cost: number;
};

/**
 * Adds one call to a node execution's stats (a retried execution keeps what its earlier attempts spent); its cost
 * in US cents comes from the caller's price table (blocks/llm/models.ts).
 */
export function addUsage(stats: NodeUsageStats | undefined, usage: ModelUsage, costCents: number): NodeUsageStats {
  return {
    input_token_count: (stats?.input_token_count ?? 0) + usage.inputTokens,
    output_token_count: (stats?.output_token_count ?? 0) + usage.outputTokens,
    llm_call_count: (stats?.llm_call_count ?? 0) + 1,
    model: usage.model,
    cost: (stats?.cost ?? 0) + costCents,
  };
}

export type UsageTotals = {
  input_token_count: number;
  output_token_count: number;
  llm_call_count: number;
  cost: number;
};

/** The run's model spend: every execution's stats summed (reused executions of a rerun excluded). */
export function usageTotals(execs: Iterable<NodeExec>): UsageTotals {
  const totals: UsageTotals = { input_token_count: 0, output_token_count: 0, llm_call_count: 0, cost: 0 };
  for (const e of execs) {
    if (!e.stats || e.reused) continue;
    totals.input_token_count += e.stats.input_token_count;
    totals.output_token_count += e.stats.output_token_count;
    totals.llm_call_count += e.stats.llm_call_count;
    totals.cost += e.stats.cost;
  }
  return totals;
}
