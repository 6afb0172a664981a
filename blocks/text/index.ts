import type { AnyBlock } from "../contract";
import { codeExtractionBlock } from "./code-extraction";
import { combineTextsBlock } from "./combine-texts";
import { extractTextInformationBlock } from "./extract-text-information";
import { fileReadBlock } from "./file-read";
import { fillTextTemplateBlock } from "./fill-text-template";
import { matchTextPatternBlock } from "./match-text-pattern";
import { textDecoderBlock } from "./text-decoder";
import { textEncoderBlock } from "./text-encoder";
import { textReplaceBlock } from "./text-replace";
import { textSplitBlock } from "./text-split";
import { wordCharacterCountBlock } from "./word-character-count";

export const textBlocks: AnyBlock[] = [
  matchTextPatternBlock,
  extractTextInformationBlock,
  fillTextTemplateBlock,
  combineTextsBlock,
  textSplitBlock,
  textReplaceBlock,
  wordCharacterCountBlock,
  textDecoderBlock,
  codeExtractionBlock,
  textEncoderBlock,
  fileReadBlock,
];
