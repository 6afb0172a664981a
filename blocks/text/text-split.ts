import { z } from "zod";
import { defineBlock } from "../contract";

export const textSplitBlock = defineBlock({
  inMemory: true,
  id: "d5ea33c8-a575-477a-b42f-2fe3be5055ec",
  name: "TextSplitBlock",
  description: "This block is used to split a text into a list of strings.",
  categories: ["TEXT"],
  input: z.object({
    text: z.string().describe("The text to split."),
    delimiter: z.string().min(1, "The delimiter must not be empty").describe("The delimiter to split the text by."),
    strip: z.boolean().default(true).describe("Whether to strip the text."),
  }),
  output: z.object({ texts: z.array(z.string()).describe("The text split into a list of strings.") }),
  async *run(input) {
    if (input.text.length === 0) {
      yield ["texts", []];
      return;
    }
    const parts = input.text.split(input.delimiter);
    yield ["texts", input.strip ? parts.map((p) => p.trim()) : parts];
  },
  tests: [
    { input: { text: "Hello, World!", delimiter: "," }, expect: [["texts", ["Hello", "World!"]]] },
    { input: { text: "Hello, World!", delimiter: ",", strip: false }, expect: [["texts", ["Hello", " World!"]]] },
    { input: { text: "", delimiter: "," }, expect: [["texts", []]] },
  ],
});
