// Blocks that build a text from small inputs (a replacement, a join) can be asked for one far larger than any
// input: the length is known before the text is built, so the block fails then, not after filling its memory.
import { type BlockLimits, DEFAULT_BLOCK_LIMITS } from "./block-limits";

/** Throws when a text of `length` characters would pass the output limit (MAX_OUTPUT_VALUE_CHARS). */
export function refuseLongText(length: number, limits: BlockLimits | undefined): void {
  const maxChars = (limits ?? DEFAULT_BLOCK_LIMITS).outputValueChars;
  if (length > maxChars)
    throw new Error(`The text would be ${length} characters long, more than ${maxChars} (MAX_OUTPUT_VALUE_CHARS)`);
}
