// What the engine asks of a block: its type (INPUT, OUTPUT, NOTE, AGENT, ...), whether its outgoing links
// are forced static, and which inputs must be present before it may run. It reads the graph domain's
// BlockCatalog (graph/block-catalog.ts), so the engine core is tested with plain tables.
import type { CatalogBlock } from "../graph/block-catalog";

export type { BlockCatalog, CatalogBlock } from "../graph/block-catalog";

/**
 * Input pins that must hold a value (after defaults and dynamic pins are merged). AgentExecutorBlock
 * takes them from the sub-graph's input schema, as AutoGPT's AgentExecutorBlock.Input.get_missing_input.
 */
export function requiredInputs(block: CatalogBlock, inputDefault: Readonly<Record<string, unknown>>): string[] {
  const schema =
    block.blockType === "AGENT" ? (inputDefault.input_schema as { required?: unknown } | undefined) : block.input;
  const required = schema?.required;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === "string") : [];
}
