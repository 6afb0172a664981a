import { z } from "zod";
import { defineBlock } from "../contract";
import { pyEquals } from "../runtime/python";

export const findInListBlock = defineBlock({
  inMemory: true,
  id: "5e2c6d0a-1e37-489f-b1d0-8e1812b23333",
  name: "FindInListBlock",
  description: "Finds the index of the value in the list.",
  categories: ["BASIC"],
  input: z.object({
    list: z.array(z.unknown()).describe("The list to search in."),
    value: z.unknown().describe("The value to search for."),
  }),
  output: z.object({
    index: z.number().int().describe("The index of the value in the list."),
    found: z.boolean().describe("Whether the value was found in the list."),
    not_found_value: z.unknown().describe("The value that was not found in the list."),
  }),
  async *run(input) {
    const index = input.list.findIndex((item) => pyEquals(item, input.value));
    if (index >= 0) {
      yield ["index", index];
      yield ["found", true];
    } else {
      yield ["found", false];
      yield ["not_found_value", input.value];
    }
  },
  tests: [
    {
      input: { list: [1, 2, 3, 4, 5], value: 3 },
      expect: [
        ["index", 2],
        ["found", true],
      ],
    },
    {
      input: { list: [1, 2, 3, 4, 5], value: 6 },
      expect: [
        ["found", false],
        ["not_found_value", 6],
      ],
    },
    {
      input: { list: [{ a: 1 }, { b: 2 }], value: { b: 2 } },
      expect: [
        ["index", 1],
        ["found", true],
      ],
    },
  ],
});
