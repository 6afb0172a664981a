import { z } from "zod";
import { defineBlock } from "../contract";

export const dictionaryIsEmptyBlock = defineBlock({
  inMemory: true,
  id: "a3cf3f64-6bb9-4cc6-9900-608a0b3359b0",
  name: "DictionaryIsEmptyBlock",
  description: "Checks if a dictionary is empty.",
  categories: ["BASIC"],
  input: z.object({ dictionary: z.record(z.string(), z.unknown()).describe("The dictionary to check.") }),
  output: z.object({ is_empty: z.boolean().describe("True if the dictionary is empty.") }),
  async *run(input) {
    yield ["is_empty", Object.keys(input.dictionary).length === 0];
  },
  tests: [
    { input: { dictionary: {} }, expect: [["is_empty", true]] },
    { input: { dictionary: { a: 1 } }, expect: [["is_empty", false]] },
  ],
});
