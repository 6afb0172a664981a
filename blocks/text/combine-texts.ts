import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";
import { refuseLongText } from "../runtime/text-size";

export const combineTextsBlock = defineBlock({
  inMemory: true,
  id: "e30a4d42-7b7d-4e6a-b36e-1f9b8e3b7d85",
  name: "CombineTextsBlock",
  description: "This block combines multiple input texts into a single output text.",
  categories: ["TEXT"],
  input: z.object({
    input: z.array(z.string()).describe("text input to combine"),
    delimiter: z.string().default("").describe("Delimiter to combine texts"),
  }),
  output: z.object({ output: z.string().describe("Combined text") }),
  async *run({ input: parts, delimiter }, ctx) {
    const length = parts.reduce((sum, part) => sum + part.length, 0) + Math.max(0, parts.length - 1) * delimiter.length;
    refuseLongText(length, ctx.limits);
    yield ["output", parts.join(delimiter)];
  },
  tests: [
    {
      name: "a long delimiter between many texts fails before the text is built",
      input: { input: ["a", "b", "c"], delimiter: "-----" },
      ctx: { limits: { ...DEFAULT_BLOCK_LIMITS, outputValueChars: 12 } },
      expect: [
        [
          "error",
          "CombineTextsBlock failed: The text would be 13 characters long, more than 12 (MAX_OUTPUT_VALUE_CHARS)",
        ],
      ],
    },
    {
      input: { input: ["Hello world I like ", "cake and to go for walks"] },
      expect: [["output", "Hello world I like cake and to go for walks"]],
    },
    { input: { input: ["This is a test", "Hi!"], delimiter: "! " }, expect: [["output", "This is a test! Hi!"]] },
  ],
});
