import { z } from "zod";
import { defineBlock } from "../contract";
import { pyIndex } from "../runtime/python";

export const replaceListItemBlock = defineBlock({
  inMemory: true,
  id: "fbf62922-bea1-4a3d-8bac-23587f810b38",
  name: "ReplaceListItemBlock",
  description: "Replaces an item at the specified index.",
  categories: ["BASIC"],
  input: z.object({
    list: z.array(z.unknown()).describe("The list to modify."),
    index: z.number().int().describe("Index of the item to replace (supports negative indices)."),
    value: z.unknown().describe("The new value for the given index."),
  }),
  output: z.object({
    updated_list: z.array(z.unknown()).describe("The list after replacement."),
    old_item: z.unknown().describe("The item that was replaced."),
  }),
  async *run(input) {
    const i = pyIndex(input.list.length, input.index);
    if (i === undefined) {
      yield ["error", "Index out of range"];
      return;
    }
    const list = [...input.list];
    const old = list[i];
    list[i] = input.value;
    yield ["updated_list", list];
    yield ["old_item", old];
  },
  tests: [
    {
      input: { list: [1, 2, 3], index: 1, value: 99 },
      expect: [
        ["updated_list", [1, 99, 3]],
        ["old_item", 2],
      ],
    },
    {
      input: { list: ["a", "b"], index: -1, value: "c" },
      expect: [
        ["updated_list", ["a", "c"]],
        ["old_item", "b"],
      ],
    },
    { input: { list: [], index: 0, value: 1 }, expect: [["error", "Index out of range"]] },
  ],
});
