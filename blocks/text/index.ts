import type { AnyBlock } from "../contract";

export const textBlocks: AnyBlock[] = [];
