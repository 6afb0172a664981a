import type { AnyBlock } from "../contract";
import { calculatorBlock } from "./calculator";
import { conditionBlock } from "./condition";
import { stepThroughItemsBlock } from "./step-through-items";

export const logicBlocks: AnyBlock[] = [calculatorBlock, conditionBlock, stepThroughItemsBlock];
