import { z } from "zod";
import { defineBlock } from "../contract";
import { pyIndex } from "../runtime/python";

export const getListItemBlock = defineBlock({
  inMemory: true,
  id: "262ca24c-1025-43cf-a578-534e23234e97",
  name: "GetListItemBlock",
  description: "Returns the element at the given index.",
  categories: ["BASIC"],
  input: z.object({
    list: z.array(z.unknown()).describe("The list to get the item from."),
    index: z.number().int().describe("The 0-based index of the item (supports negative indices)."),
  }),
  output: z.object({ item: z.unknown().describe("The item at the specified index.") }),
  async *run(input) {
    const i = pyIndex(input.list.length, input.index);
    if (i === undefined) yield ["error", "Index out of range"];
    else yield ["item", input.list[i]];
  },
  tests: [
    { input: { list: [1, 2, 3], index: 1 }, expect: [["item", 2]] },
    { input: { list: [1, 2, 3], index: -1 }, expect: [["item", 3]] },
    { input: { list: [1, 2, 3], index: 3 }, expect: [["error", "Index out of range"]] },
  ],
});
