import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";
import { refuseLongText } from "../runtime/text-size";

export const textReplaceBlock = defineBlock({
  inMemory: true,
  id: "7e7c87ab-3469-4bcc-9abe-67705091b713",
  name: "TextReplaceBlock",
  description: "This block is used to replace a text with a new text.",
  categories: ["TEXT"],
  input: z.object({
    text: z.string().describe("The text to replace."),
    old: z.string().describe("The old text to replace."),
    new: z.string().describe("The new text to replace with."),
  }),
  output: z.object({ output: z.string().describe("The text with the replaced text.") }),
  async *run(input, ctx) {
    // A short text and a long `new` can make a result far too big to hold: its length is known before building it.
    const count = occurrences(input.text, input.old);
    refuseLongText(input.text.length + count * (input.new.length - input.old.length), ctx.limits);
    // Python's str.replace with an empty `old` inserts `new` between every character; split/join does the same.
    yield ["output", input.text.split(input.old).join(input.new)];
  },
  tests: [
    {
      name: "a result longer than the output limit fails before it is built",
      input: { text: "aaaa", old: "a", new: "b".repeat(5) },
      ctx: { limits: { ...DEFAULT_BLOCK_LIMITS, outputValueChars: 10 } },
      expect: [
        [
          "error",
          "TextReplaceBlock failed: The text would be 20 characters long, more than 10 (MAX_OUTPUT_VALUE_CHARS)",
        ],
      ],
    },
    { input: { text: "Hello, World!", old: "Hello", new: "Hi" }, expect: [["output", "Hi, World!"]] },
    {
      name: "every occurrence, literally",
      input: { text: "a.b.c", old: ".", new: "$&" },
      expect: [["output", "a$&b$&c"]],
    },
  ],
});

/** Non-overlapping occurrences of `part` in `text`, as split counts them (an empty part: between every character). */
function occurrences(text: string, part: string): number {
  if (part === "") return text.length + 1;
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}
