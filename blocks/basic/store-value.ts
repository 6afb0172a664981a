import { z } from "zod";
import { defineBlock } from "../contract";
import { pyTruthy } from "../runtime/python";

/** A constant: outputs `data` (or, when `data` is empty, the triggering `input`); static, so reusable. */
export const storeValueBlock = defineBlock({
  inMemory: true,
  id: "1ff065e9-88e8-4358-9d82-8dc91f622ba9",
  name: "StoreValueBlock",
  description: "This block forwards an input value as output, allowing reuse without change.",
  categories: ["BASIC"],
  staticOutput: true,
  input: z.object({
    input: z.unknown().describe("Trigger the block to produce the output. The value is only used when `data` is None."),
    data: z
      .unknown()
      .default(null)
      .describe("The constant data to be retained in the block. This value is passed as `output`."),
  }),
  output: z.object({ output: z.unknown().describe("The stored data retained in the block.") }),
  async *run(input) {
    yield ["output", pyTruthy(input.data) ? input.data : input.input];
  },
  tests: [
    {
      name: "no data: the trigger is returned",
      input: { input: "Hello, World!" },
      expect: [["output", "Hello, World!"]],
    },
    { input: { input: "Hello, World!", data: "Existing Data" }, expect: [["output", "Existing Data"]] },
  ],
});
