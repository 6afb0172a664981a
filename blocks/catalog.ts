// The block catalog backed by this platform's block registry: the one catalog saving, importing, running and
// sub-agents all check against (engine/ and graph/ take it as a parameter). The editor builds its own from
// GET /api/v1/blocks instead of importing this.
import type { BlockCatalog, CatalogBlock } from "../graph/block-catalog";
import type { AnyBlock } from "./contract";
import { getBlock } from "./registry";
import { blockJsonSchemas } from "./runtime/json-schema";

const cache = new WeakMap<AnyBlock, CatalogBlock>();

/** A block's catalog entry (pins as JSON Schema), computed once per block object. */
export function toCatalogBlock(block: AnyBlock): CatalogBlock {
  let entry = cache.get(block);
  if (!entry) {
    const { input, output } = blockJsonSchemas(block);
    entry = {
      id: block.id,
      name: block.name,
      blockType: block.blockType,
      staticOutput: block.staticOutput,
      input,
      output,
      dynamicOutput: block.dynamicOutput ?? false,
    };
    cache.set(block, entry);
  }
  return entry;
}

/** Looks a block up in the registry. */
export const blockCatalog: BlockCatalog = (blockId) => {
  const block = getBlock(blockId);
  return block ? toCatalogBlock(block) : undefined;
};
