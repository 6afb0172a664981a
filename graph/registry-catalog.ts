// The block catalog backed by this platform's block registry: what the Worker and the Durable Object
// validate against. The editor builds its own catalog from GET /api/v1/blocks instead of importing this.
import type { AnyBlock } from "../blocks/contract";
import { getBlock } from "../blocks/registry";
import { blockJsonSchemas } from "../blocks/runtime/json-schema";
import type { BlockCatalog, CatalogBlock } from "./block-catalog";

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
export const registryCatalog: BlockCatalog = (blockId) => {
  const block = getBlock(blockId);
  return block ? toCatalogBlock(block) : undefined;
};
