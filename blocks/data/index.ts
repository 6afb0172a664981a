import type { AnyBlock } from "../contract";

export const dataBlocks: AnyBlock[] = [];
