import type { AnyBlock } from "../contract";

export const webBlocks: AnyBlock[] = [];
