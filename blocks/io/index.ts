import type { AnyBlock } from "../contract";

export const ioBlocks: AnyBlock[] = [];
