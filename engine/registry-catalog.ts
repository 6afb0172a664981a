// The BlockCatalog backed by the real block registry. Required inputs are the zod fields that refuse
// `undefined` (no default, not optional); AgentExecutorBlock takes them from the sub-graph's input schema,
// as AutoGPT's AgentExecutorBlock.Input.get_missing_input does.
import type { AnyBlock } from "../blocks/contract";
import { getBlock } from "../blocks/registry";
import type { BlockCatalog, BlockInfo } from "./block-catalog";

const cache = new Map<string, BlockInfo>();

function requiredFields(block: AnyBlock): string[] {
  const shape = block.input.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  return Object.entries(shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

function infoOf(block: AnyBlock): BlockInfo {
  const required = requiredFields(block);
  return {
    name: block.name,
    blockType: block.blockType,
    staticOutput: block.staticOutput,
    requiredInputs:
      block.blockType === "AGENT"
        ? (inputDefault) => {
            const schema = inputDefault.input_schema as { required?: unknown } | undefined;
            return Array.isArray(schema?.required) ? schema.required.filter((r) => typeof r === "string") : [];
          }
        : () => required,
  };
}

/** @example registryCatalog("b1ab9b19-67a6-406d-abf5-2dba76d00c79")?.name // "CalculatorBlock" */
export const registryCatalog: BlockCatalog = (blockId) => {
  const hit = cache.get(blockId);
  if (hit) return hit;
  const block = getBlock(blockId);
  if (!block) return undefined;
  const info = infoOf(block);
  cache.set(blockId, info);
  return info;
};
