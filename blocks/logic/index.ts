import type { AnyBlock } from "../contract";

export const logicBlocks: AnyBlock[] = [];
