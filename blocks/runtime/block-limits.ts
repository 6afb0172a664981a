// Bounds on what blocks parse, match, build and store. Defaults here; the Worker's env overrides them
// (MAX_PARSED_TEXT_CHARS, MAX_REGEX_INPUT_CHARS, MAX_REGEX_PATTERN_CHARS, MAX_MEDIA_FILE_BYTES, MAX_STEP_ITEMS,
// MAX_STEP_ITEMS_JSON_CHARS, MAX_OUTPUT_VALUE_CHARS in wrangler.toml [vars], listed in the README's configuration
// table). Blocks read them from `ctx.limits` (durable-objects/block-context.ts fills it), never from the environment.
import { z } from "zod";

export type BlockLimits = {
  /** Characters of text JsonParse, XMLParser and ReadSpreadsheet (CSV) parse; longer text fails the block. */
  parsedTextChars: number;
  /** Characters a user regex runs on (MatchTextPattern, ExtractTextInformation); longer input is cut. */
  regexInputChars: number;
  /** Characters of a user regex pattern; a longer one fails the block. */
  regexPatternChars: number;
  /** Bytes of one file a block brings into the run's file store (a data URI or a download; media-file.ts). */
  mediaFileBytes: number;
  /** Items StepThroughItems iterates over in one input; more fail the block. */
  stepItems: number;
  /** Characters of StepThroughItems' `items_str` JSON; longer text fails the block. */
  stepItemsJsonChars: number;
  /**
   * Characters of JSON one output value may take. The run object fails a node past it (node-runner.ts), and
   * blocks that build text from small inputs (TextReplace, CombineTexts) check it before building.
   */
  outputValueChars: number;
};

export const DEFAULT_BLOCK_LIMITS: BlockLimits = {
  parsedTextChars: 10 * 1024 * 1024,
  regexInputChars: 1_000_000,
  regexPatternChars: 10_000,
  mediaFileBytes: 25 * 1024 * 1024,
  stepItems: 10_000,
  stepItemsJsonChars: 1024 * 1024,
  outputValueChars: 16 * 1024 * 1024,
};

const positive = z.coerce.number().int().positive();

/**
 * Reads MAX_PARSED_TEXT_CHARS, MAX_REGEX_INPUT_CHARS, MAX_REGEX_PATTERN_CHARS, MAX_MEDIA_FILE_BYTES, MAX_STEP_ITEMS,
 * MAX_STEP_ITEMS_JSON_CHARS, MAX_OUTPUT_VALUE_CHARS; an unset or bad value keeps the default.
 */
export function blockLimitsFromEnv(env: Record<string, unknown>): BlockLimits {
  const read = (name: string, fallback: number) => {
    const parsed = positive.safeParse(env[name]);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    parsedTextChars: read("MAX_PARSED_TEXT_CHARS", DEFAULT_BLOCK_LIMITS.parsedTextChars),
    regexInputChars: read("MAX_REGEX_INPUT_CHARS", DEFAULT_BLOCK_LIMITS.regexInputChars),
    regexPatternChars: read("MAX_REGEX_PATTERN_CHARS", DEFAULT_BLOCK_LIMITS.regexPatternChars),
    mediaFileBytes: read("MAX_MEDIA_FILE_BYTES", DEFAULT_BLOCK_LIMITS.mediaFileBytes),
    stepItems: read("MAX_STEP_ITEMS", DEFAULT_BLOCK_LIMITS.stepItems),
    stepItemsJsonChars: read("MAX_STEP_ITEMS_JSON_CHARS", DEFAULT_BLOCK_LIMITS.stepItemsJsonChars),
    outputValueChars: read("MAX_OUTPUT_VALUE_CHARS", DEFAULT_BLOCK_LIMITS.outputValueChars),
  };
}
