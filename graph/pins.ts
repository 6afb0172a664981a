// Which pins a node has and what type a (possibly dynamic) pin name addresses. AGENT nodes take their
// pins from the sub-graph schemas kept in their input_default (AutoGPT blocks/agent.py).
import type { CatalogBlock, JsonSchema } from "./block-catalog";
import { memberSchema } from "./block-catalog";
import { basePinName, DYNAMIC_DELIMITERS, LIST_SPLIT } from "./dynamic-pins";
import { objectOf } from "./json-object";
import { AGENT_EXECUTOR_BLOCK_ID, type GraphNode } from "./schema";

const isAgentNode = (node: GraphNode, block: CatalogBlock) =>
  block.blockType === "AGENT" || node.block_id === AGENT_EXECUTOR_BLOCK_ID;

/** The sub-graph schema an AGENT node carries (`input_schema` or `output_schema`); {} when absent. */
export const agentNodeSchema = (node: GraphNode, key: "input_schema" | "output_schema"): JsonSchema =>
  objectOf(node.input_default[key]) as JsonSchema;

/**
 * Input pins of a node: the block's, plus the sub-graph's inputs on AGENT nodes.
 * @example Object.keys(inputPins(node, catalog(node.block_id)!)) // ["operation", "a", "b", "round_result"]
 */
export function inputPins(node: GraphNode, block: CatalogBlock): Record<string, JsonSchema> {
  const own = block.input.properties ?? {};
  if (!isAgentNode(node, block)) return own;
  return { ...own, ...(agentNodeSchema(node, "input_schema").properties ?? {}) };
}

/** Output pins of a node (`error` included), or undefined when they cannot be known (dynamic output). */
export function outputPins(node: GraphNode, block: CatalogBlock): Record<string, JsonSchema> | undefined {
  const own = block.output.properties ?? {};
  if (isAgentNode(node, block)) {
    return { ...(agentNodeSchema(node, "output_schema").properties ?? {}), error: own.error ?? { type: "string" } };
  }
  return block.dynamicOutput ? undefined : own;
}

/**
 * The schema a dynamic pin name addresses inside its base pin's schema: `values_#_a` → the member
 * schema of `values`, `items_$_0` → its items. Undefined = anything.
 */
export function addressedSchema(base: JsonSchema | undefined, pinName: string): JsonSchema | undefined {
  let schema = base;
  let rest = pinName.slice(basePinName(pinName).length);
  while (rest.length > 0 && schema !== undefined) {
    const delimiter = DYNAMIC_DELIMITERS.find((d) => rest.startsWith(d));
    if (!delimiter) return undefined;
    rest = rest.slice(delimiter.length);
    const next = Math.min(...DYNAMIC_DELIMITERS.map((d) => rest.indexOf(d)).filter((i) => i >= 0), rest.length);
    schema = memberSchema(schema, rest.slice(0, next), delimiter === LIST_SPLIT ? "item" : "key");
    rest = rest.slice(next);
  }
  return schema;
}
