import { z } from "zod";
import { defineBlock } from "../contract";

export const reverseListOrderBlock = defineBlock({
  inMemory: true,
  id: "422cb708-3109-4277-bfe3-bc2ae5812777",
  name: "ReverseListOrderBlock",
  description: "Reverses the order of elements in a list",
  categories: ["BASIC"],
  input: z.object({ input_list: z.array(z.unknown()).describe("The list to reverse") }),
  output: z.object({ reversed_list: z.array(z.unknown()).describe("The list in reversed order") }),
  async *run(input) {
    yield ["reversed_list", [...input.input_list].reverse()];
  },
  tests: [
    { input: { input_list: [1, 2, 3, 4, 5] }, expect: [["reversed_list", [5, 4, 3, 2, 1]]] },
    { input: { input_list: [] }, expect: [["reversed_list", []]] },
  ],
});
