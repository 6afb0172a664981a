import { z } from "zod";
import { defineBlock } from "../contract";

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
  async *run(input) {
    // Python's str.replace with an empty `old` inserts `new` between every character; split/join does the same.
    yield ["output", input.text.split(input.old).join(input.new)];
  },
  tests: [
    { input: { text: "Hello, World!", old: "Hello", new: "Hi" }, expect: [["output", "Hi, World!"]] },
    {
      name: "every occurrence, literally",
      input: { text: "a.b.c", old: ".", new: "$&" },
      expect: [["output", "a$&b$&c"]],
    },
  ],
});
