import type { AnyBlock } from "../contract";

export const agentBlocks: AnyBlock[] = [];
