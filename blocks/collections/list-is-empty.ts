import { z } from "zod";
import { defineBlock } from "../contract";

export const listIsEmptyBlock = defineBlock({
  inMemory: true,
  id: "896ed73b-27d0-41be-813c-c1c1dc856c03",
  name: "ListIsEmptyBlock",
  description: "Checks if a list is empty.",
  categories: ["BASIC"],
  input: z.object({ list: z.array(z.unknown()).describe("The list to check.") }),
  output: z.object({ is_empty: z.boolean().describe("True if the list is empty.") }),
  async *run(input) {
    yield ["is_empty", input.list.length === 0];
  },
  tests: [
    { input: { list: [] }, expect: [["is_empty", true]] },
    { input: { list: [1] }, expect: [["is_empty", false]] },
  ],
});
