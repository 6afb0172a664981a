// Bounds on what blocks parse, match and store. Defaults here; the Worker's env overrides them (MAX_PARSED_TEXT_CHARS,
// MAX_REGEX_INPUT_CHARS, MAX_REGEX_PATTERN_CHARS, MAX_MEDIA_FILE_BYTES in wrangler.toml [vars], listed in the README's
// configuration table). Blocks read them
// from `ctx.limits` (durable-objects/block-context.ts fills it), never from the environment.
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
};

export const DEFAULT_BLOCK_LIMITS: BlockLimits = {
  parsedTextChars: 10 * 1024 * 1024,
  regexInputChars: 1_000_000,
  regexPatternChars: 10_000,
  mediaFileBytes: 25 * 1024 * 1024,
};

const positive = z.coerce.number().int().positive();

/**
 * Reads MAX_PARSED_TEXT_CHARS, MAX_REGEX_INPUT_CHARS, MAX_REGEX_PATTERN_CHARS, MAX_MEDIA_FILE_BYTES; an unset or bad
 * value keeps the default.
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
  };
}
