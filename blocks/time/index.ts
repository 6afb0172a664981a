import type { AnyBlock } from "../contract";

export const timeBlocks: AnyBlock[] = [];
