// Blocks that build a text from small inputs (a replacement, a join) can be asked for one far larger than any
// input: the length is known before the text is built, so the block fails then, not after filling its memory.

/** Throws when a text of `length` characters would pass `maxChars` (MAX_OUTPUT_VALUE_CHARS). */
export function refuseLongText(length: number, maxChars: number): void {
  if (length > maxChars)
    throw new Error(`The text would be ${length} characters long, more than ${maxChars} (MAX_OUTPUT_VALUE_CHARS)`);
}
