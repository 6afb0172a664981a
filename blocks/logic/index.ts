import type { AnyBlock } from "../contract";
import { calculatorBlock } from "./calculator";
import { conditionBlock } from "./condition";
import { countItemsBlock } from "./count-items";
import { ifInputMatchesBlock } from "./if-input-matches";
import { stepThroughItemsBlock } from "./step-through-items";

export const logicBlocks: AnyBlock[] = [
  calculatorBlock,
  countItemsBlock,
  conditionBlock,
  ifInputMatchesBlock,
  stepThroughItemsBlock,
];
