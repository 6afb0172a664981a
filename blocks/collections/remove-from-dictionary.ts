import { z } from "zod";
import { defineBlock } from "../contract";

export const removeFromDictionaryBlock = defineBlock({
  inMemory: true,
  id: "46afe2ea-c613-43f8-95ff-6692c3ef6876",
  name: "RemoveFromDictionaryBlock",
  description: "Removes a key-value pair from a dictionary.",
  categories: ["BASIC"],
  input: z.object({
    dictionary: z.record(z.string(), z.unknown()).describe("The dictionary to modify."),
    key: z.union([z.string(), z.number().int()]).describe("Key to remove from the dictionary."),
    return_value: z.boolean().default(false).describe("Whether to return the removed value."),
  }),
  output: z.object({
    updated_dictionary: z.record(z.string(), z.unknown()).describe("The dictionary after removal."),
    removed_value: z.unknown().describe("The removed value if requested."),
  }),
  async *run(input) {
    const key = String(input.key);
    if (!Object.hasOwn(input.dictionary, key)) {
      yield ["error", `Key '${key}' not found in dictionary`];
      return;
    }
    const { [key]: removed, ...rest } = input.dictionary;
    yield ["updated_dictionary", rest];
    if (input.return_value) yield ["removed_value", removed];
  },
  tests: [
    {
      input: { dictionary: { a: 1, b: 2, c: 3 }, key: "b", return_value: true },
      expect: [
        ["updated_dictionary", { a: 1, c: 3 }],
        ["removed_value", 2],
      ],
    },
    { input: { dictionary: { x: "hello", y: "world" }, key: "x" }, expect: [["updated_dictionary", { y: "world" }]] },
    { input: { dictionary: { x: 1 }, key: "nope" }, expect: [["error", "Key 'nope' not found in dictionary"]] },
  ],
});
