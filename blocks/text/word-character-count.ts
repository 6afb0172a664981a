import { z } from "zod";
import { defineBlock } from "../contract";

export const wordCharacterCountBlock = defineBlock({
  inMemory: true,
  id: "ab2a782d-22cf-4587-8a70-55b59b3f9f90",
  name: "WordCharacterCountBlock",
  description: "Counts the number of words and characters in a given text.",
  categories: ["TEXT"],
  input: z.object({
    text: z.string().meta({
      description: "Input text to count words and characters",
      placeholder: "Enter your text here",
      advanced: false,
    }),
  }),
  output: z.object({
    word_count: z.number().int().describe("Number of words in the input text"),
    character_count: z.number().int().describe("Number of characters in the input text"),
  }),
  async *run(input) {
    const words = input.text.split(/\s+/).filter((w) => w.length > 0);
    yield ["word_count", words.length];
    // Python's len() counts code points, not UTF-16 units.
    yield ["character_count", [...input.text].length];
  },
  tests: [
    {
      input: { text: "Hello, how are you?" },
      expect: [
        ["word_count", 4],
        ["character_count", 19],
      ],
    },
    {
      input: { text: "  héllo 👋\n" },
      expect: [
        ["word_count", 2],
        ["character_count", 10],
      ],
    },
  ],
});
