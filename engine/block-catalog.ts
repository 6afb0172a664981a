// What the engine needs to know about a block, and nothing more: its type (INPUT, OUTPUT, NOTE, AGENT, ...),
// whether its outgoing links are forced static, and which inputs must be present before it may run.
// Injected, so the engine core is tested with plain tables and never reaches into block code.
import type { BlockType } from "../blocks/contract";

export type BlockInfo = {
  name: string;
  blockType: BlockType;
  staticOutput: boolean;
  /** Input pins that must hold a value (after defaults and dynamic pins are merged) before the node runs. */
  requiredInputs(inputDefault: Readonly<Record<string, unknown>>): readonly string[];
};

export type BlockCatalog = (blockId: string) => BlockInfo | undefined;
