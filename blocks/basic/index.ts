import type { AnyBlock } from "../contract";

export const basicBlocks: AnyBlock[] = [];
