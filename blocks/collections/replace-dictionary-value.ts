import { z } from "zod";
import { defineBlock } from "../contract";

export const replaceDictionaryValueBlock = defineBlock({
  inMemory: true,
  id: "27e31876-18b6-44f3-ab97-f6226d8b3889",
  name: "ReplaceDictionaryValueBlock",
  description: "Replaces the value for a specified key in a dictionary.",
  categories: ["BASIC"],
  input: z.object({
    dictionary: z.record(z.string(), z.unknown()).describe("The dictionary to modify."),
    key: z.union([z.string(), z.number().int()]).describe("Key to replace the value for."),
    value: z.unknown().describe("The new value for the given key."),
  }),
  output: z.object({
    updated_dictionary: z.record(z.string(), z.unknown()).describe("The dictionary after replacement."),
    old_value: z.unknown().describe("The value that was replaced."),
  }),
  async *run(input) {
    const key = String(input.key);
    if (!Object.hasOwn(input.dictionary, key)) {
      yield ["error", `Key '${key}' not found in dictionary`];
      return;
    }
    yield ["updated_dictionary", { ...input.dictionary, [key]: input.value }];
    yield ["old_value", input.dictionary[key]];
  },
  tests: [
    {
      input: { dictionary: { a: 1, b: 2, c: 3 }, key: "b", value: 99 },
      expect: [
        ["updated_dictionary", { a: 1, b: 99, c: 3 }],
        ["old_value", 2],
      ],
    },
    {
      input: { dictionary: { x: "hello", y: "world" }, key: "y", value: "universe" },
      expect: [
        ["updated_dictionary", { x: "hello", y: "universe" }],
        ["old_value", "world"],
      ],
    },
    { input: { dictionary: {}, key: "k", value: 1 }, expect: [["error", "Key 'k' not found in dictionary"]] },
  ],
});
