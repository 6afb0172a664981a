import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";
import { refuseLongText } from "../runtime/text-size";

const NAMED: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\" };

/** One character as Python's unicode_escape writes it: named escapes, \xNN, \uNNNN, \UNNNNNNNN, else itself. */
function escapeOf(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const named = NAMED[ch];
  if (named) return named;
  if (code < 0x20 || (code >= 0x7f && code < 0x100)) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code >= 0x100 && code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  if (code >= 0x10000) return `\\U${code.toString(16).padStart(8, "0")}`;
  return ch;
}

/** Python's codecs.encode(text, "unicode_escape").decode("ascii"): control and non-ASCII characters escaped. */
function encodeEscapes(text: string): string {
  let out = "";
  for (const ch of text) out += escapeOf(ch);
  return out;
}

/** How long encodeEscapes(text) is, without building it. */
function encodedLength(text: string): number {
  let length = 0;
  for (const ch of text) length += escapeOf(ch).length;
  return length;
}

export const textEncoderBlock = defineBlock({
  inMemory: true,
  id: "59c54df9-0e3b-44b5-a1ef-c0b8bf8d9ab9",
  name: "TextEncoderBlock",
  description: "Encodes a string by adding escape sequences for special characters",
  categories: ["TEXT"],
  input: z.object({
    text: z.string().meta({
      description: "A string to be encoded with escape sequences",
      placeholder: "Your text with newlines and special characters",
    }),
  }),
  output: z.object({ encoded_text: z.string().describe("The encoded text with escape sequences added") }),
  async *run({ text }, ctx) {
    // Escapes make a text up to 6 times longer (a BMP letter becomes \\uXXXX): know the length before building it.
    refuseLongText(encodedLength(text), ctx.limits);
    yield ["encoded_text", encodeEscapes(text)];
  },
  tests: [
    {
      name: "a text whose escapes would pass the output limit fails before they are built",
      input: { text: "āāā" },
      ctx: { limits: { ...DEFAULT_BLOCK_LIMITS, outputValueChars: 12 } },
      expect: [
        [
          "error",
          "TextEncoderBlock failed: The text would be 18 characters long, more than 12 (MAX_OUTPUT_VALUE_CHARS)",
        ],
      ],
    },
    {
      input: { text: 'Hello\nWorld!\nThis is a "quoted" string.' },
      expect: [["encoded_text", 'Hello\\nWorld!\\nThis is a "quoted" string.']],
    },
    { input: { text: "é\t👋" }, expect: [["encoded_text", "\\xe9\\t\\U0001f44b"]] },
  ],
});
