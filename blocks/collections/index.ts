import type { AnyBlock } from "../contract";

export const collectionsBlocks: AnyBlock[] = [];
