import { z } from "zod";
import { defineBlock } from "../contract";
import { pyEquals, pyIndex } from "../runtime/python";

export const removeFromListBlock = defineBlock({
  inMemory: true,
  id: "d93c5a93-ac7e-41c1-ae5c-ef67e6e9b826",
  name: "RemoveFromListBlock",
  description: "Removes an item from a list by value or index.",
  categories: ["BASIC"],
  input: z.object({
    list: z.array(z.unknown()).describe("The list to modify."),
    value: z.unknown().default(null).describe("Value to remove from the list."),
    index: z.number().int().nullable().default(null).describe("Index of the item to pop (supports negative indices)."),
    return_item: z.boolean().default(false).describe("Whether to return the removed item."),
  }),
  output: z.object({
    updated_list: z.array(z.unknown()).describe("The list after removal."),
    removed_item: z.unknown().describe("The removed item if requested."),
  }),
  async *run(input) {
    const list = [...input.list];
    let at: number | undefined;
    if (input.index !== null) at = pyIndex(list.length, input.index);
    else if (input.value !== null && input.value !== undefined) {
      const found = list.findIndex((item) => pyEquals(item, input.value));
      at = found >= 0 ? found : undefined;
    }
    if (at === undefined) {
      yield ["error", "Index or value not found"];
      return;
    }
    const [removed] = list.splice(at, 1);
    yield ["updated_list", list];
    if (input.return_item) yield ["removed_item", removed];
  },
  tests: [
    {
      input: { list: [1, 2, 3], index: 1, return_item: true },
      expect: [
        ["updated_list", [1, 3]],
        ["removed_item", 2],
      ],
    },
    { input: { list: ["a", "b", "c"], value: "b" }, expect: [["updated_list", ["a", "c"]]] },
    { input: { list: ["a"], value: "z" }, expect: [["error", "Index or value not found"]] },
  ],
});
