// Blocks that build a text from small inputs (a replacement, a join) can be asked for one far larger than any
// input: the length is known before the text is built, so the block fails then, not after filling its memory.
import { type BlockLimits, DEFAULT_BLOCK_LIMITS } from "./block-limits";

/** Throws `what(maxChars)` when `chars` passes the output limit (MAX_OUTPUT_VALUE_CHARS). */
function refuseOver(chars: number, limits: BlockLimits | undefined, what: (maxChars: number) => string): void {
  const maxChars = (limits ?? DEFAULT_BLOCK_LIMITS).outputValueChars;
  if (chars > maxChars) throw new Error(`${what(maxChars)} (MAX_OUTPUT_VALUE_CHARS)`);
}

/** Throws when a text of `length` characters would pass the output limit (MAX_OUTPUT_VALUE_CHARS). */
export const refuseLongText = (length: number, limits: BlockLimits | undefined) =>
  refuseOver(length, limits, (max) => `The text would be ${length} characters long, more than ${max}`);

/**
 * Throws when a value whose JSON is at least `minChars` characters long would pass the output limit: for blocks
 * that build a list from small inputs (ZipLists padding one long list with many empty ones), before building it.
 */
export const refuseLargeValue = (minChars: number, limits: BlockLimits | undefined) =>
  refuseOver(
    minChars,
    limits,
    (max) => `The output would be at least ${minChars} characters of JSON, more than ${max}`,
  );
