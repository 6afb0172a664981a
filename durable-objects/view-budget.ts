// A run's view crosses from its Durable Object to the Worker by RPC, which refuses messages over 32 MiB, and
// a run may hold far more than that in node outputs (values up to 128 KiB each stay inline). The view is held
// to a budget: node executions' values are kept in order until it is spent, later ones are replaced by a
// marker with their size; run outputs stored in R2 are fetched back only while the budget lasts (past it they
// stay references). Every finished run stays readable, whatever it produced.
import type { RunView } from "../engine/views";
import { DEFAULT_RUN_VIEW_BYTES } from "./run-limits";

/**
 * Bytes of values one run view carries by default (well under the 32 MiB RPC limit, with room for the rest);
 * `MAX_RUN_VIEW_BYTES` overrides it (run-limits.ts).
 */
export const VIEW_BUDGET_BYTES = DEFAULT_RUN_VIEW_BYTES;

/** What stands in for a value the view had no room for. */
export type OmittedValue = { $agentflare_omitted: { size: number; reason: string } };

const sizeOf = (value: unknown) => (value === undefined ? 0 : (JSON.stringify(value)?.length ?? 0));

/** The view with node execution values past `budget` bytes replaced by markers; `left` is what remains. */
export function budgetNodeValues(view: RunView, budget: number): { view: RunView; left: number } {
  let left = budget - sizeOf(view.outputs) - sizeOf(view.inputs);
  const keep = (value: unknown): unknown => {
    const size = sizeOf(value);
    if (size <= left) {
      left -= size;
      return value;
    }
    left = Math.min(left, 0);
    return {
      $agentflare_omitted: { size, reason: "The run view's size budget is spent; this value is not shown" },
    } satisfies OmittedValue;
  };
  const node_executions = view.node_executions.map((e) => ({
    ...e,
    input: Object.fromEntries(Object.entries(e.input).map(([k, v]) => [k, keep(v)])),
    output: Object.fromEntries(Object.entries(e.output).map(([k, values]) => [k, values.map(keep)])),
  }));
  return { view: { ...view, node_executions }, left };
}

/** The API's view: resolved run outputs, then node execution values within what is left of the budget. */
export function budgetedView(view: RunView, outputs: RunView["outputs"], budget = VIEW_BUDGET_BYTES): RunView {
  return budgetNodeValues({ ...view, outputs }, budget).view;
}
