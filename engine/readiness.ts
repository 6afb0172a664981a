// AutoGPT's validate_exec (backend/executor/utils.py): may this node run with the data it has?
//  1. every linked pin has data from a link (a default never satisfies a linked pin);
//  2. the node's defaults are merged under the link data;
//  3. dynamic pins are rebuilt (values_#_a → values.a);
//  4. every required input is present.
// Type checks are left to the block executor, which fails the node with field paths instead of
// leaving it silently INCOMPLETE.
import { DynamicPinError, mergeExecutionInput } from "../graph/dynamic-pins";
import { objectOf } from "../graph/json-object";
import { requiredInputs } from "./block-catalog";
import type { IndexedNode } from "./graph-index";

export type Readiness =
  | { ready: true; data: Record<string, unknown> }
  | { ready: false; missingLinks: string[]; missingInputs: string[]; error?: string };

/** Defaults a node runs with; AgentExecutorBlock keeps the sub-graph's inputs under `inputs`. */
export function nodeDefaults(node: IndexedNode): Record<string, unknown> {
  if (node.info.blockType === "AGENT") {
    return objectOf(node.input_default.inputs);
  }
  return node.input_default;
}

/** @example validateExec(node, { a: 1 }) // { ready: false, missingLinks: ["b"], missingInputs: [] } */
export function validateExec(node: IndexedNode, linkData: Readonly<Record<string, unknown>>): Readiness {
  const missingLinks = [...new Set(node.inputLinks.map((l) => l.sink_name))].filter(
    (pin) => !Object.hasOwn(linkData, pin),
  );
  if (missingLinks.length > 0) return { ready: false, missingLinks, missingInputs: [] };

  let data: Record<string, unknown>;
  try {
    data = mergeExecutionInput({ ...nodeDefaults(node), ...linkData });
  } catch (err) {
    if (!(err instanceof DynamicPinError)) throw err;
    return { ready: false, missingLinks: [], missingInputs: [], error: err.message };
  }
  const missingInputs = requiredInputs(node.info, node.input_default).filter(
    (pin) => data[pin] === undefined || data[pin] === null,
  );
  if (missingInputs.length > 0) return { ready: false, missingLinks: [], missingInputs };
  return { ready: true, data };
}

/**
 * The input the block itself receives. For AgentExecutorBlock the merged data becomes `inputs` next to
 * the node's configuration (graph_id, graph_version, schemas), as AutoGPT's execute_node packs it.
 */
export function blockInput(node: IndexedNode, data: Record<string, unknown>): Record<string, unknown> {
  if (node.info.blockType === "AGENT") return { ...node.input_default, inputs: data };
  return data;
}
