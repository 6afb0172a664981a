// The blocks a run can execute: the registry, plus blocks that exist only in tests (a sleeper, a
// counter) registered by the test files. One lookup for the engine, the Durable Object and the API's
// runnability check, so a test block is runnable end to end without entering the product catalog.
import type { AnyBlock } from "../blocks/contract";
import { getBlock } from "../blocks/registry";
import type { BlockCatalog, CatalogBlock } from "../graph/block-catalog";
import { registryCatalog, toCatalogBlock } from "../graph/registry-catalog";

const testBlocks = new Map<string, { block: AnyBlock; entry: CatalogBlock }>();

/** For tests only: makes a block runnable without adding it to the product's registry. */
export function registerTestBlock(block: AnyBlock): void {
  testBlocks.set(block.id, { block, entry: toCatalogBlock(block) });
}

export const lookupBlock = (id: string): AnyBlock | undefined => getBlock(id) ?? testBlocks.get(id)?.block;

export const engineCatalog: BlockCatalog = (id) => registryCatalog(id) ?? testBlocks.get(id)?.entry;
