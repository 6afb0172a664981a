import { z } from "zod";
import { defineBlock } from "../contract";

export const combineTextsBlock = defineBlock({
  inMemory: true,
  id: "e30a4d42-7b7d-4e6a-b36e-1f9b8e3b7d85",
  name: "CombineTextsBlock",
  description: "This block combines multiple input texts into a single output text.",
  categories: ["TEXT"],
  input: z.object({
    input: z.array(z.string()).describe("text input to combine"),
    delimiter: z.string().default("").describe("Delimiter to combine texts"),
  }),
  output: z.object({ output: z.string().describe("Combined text") }),
  async *run(input) {
    yield ["output", input.input.join(input.delimiter)];
  },
  tests: [
    {
      input: { input: ["Hello world I like ", "cake and to go for walks"] },
      expect: [["output", "Hello world I like cake and to go for walks"]],
    },
    { input: { input: ["This is a test", "Hi!"], delimiter: "! " }, expect: [["output", "This is a test! Hi!"]] },
  ],
});
