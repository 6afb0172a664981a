import type { AnyBlock } from "../contract";
import { aiConditionBlock } from "./ai-condition";
import { aiConversationBlock } from "./ai-conversation";
import { aiListGeneratorBlock } from "./ai-list-generator";
import { aiStructuredResponseGeneratorBlock } from "./ai-structured-response-generator";
import { aiTextGeneratorBlock } from "./ai-text-generator";
import { aiTextSummarizerBlock } from "./ai-text-summarizer";
import { smartDecisionMakerBlock } from "./smart-decision-maker";

export const aiBlocks: AnyBlock[] = [
  aiTextGeneratorBlock,
  aiStructuredResponseGeneratorBlock,
  aiTextSummarizerBlock,
  aiConversationBlock,
  aiListGeneratorBlock,
  aiConditionBlock,
  smartDecisionMakerBlock,
];
