import type { AnyBlock } from "../contract";
import { agentExecutorBlock } from "./agent-executor";
import { humanInTheLoopBlock } from "./human-in-the-loop";

export const agentBlocks: AnyBlock[] = [agentExecutorBlock, humanInTheLoopBlock];
