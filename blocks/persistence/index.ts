import type { AnyBlock } from "../contract";

export const persistenceBlocks: AnyBlock[] = [];
