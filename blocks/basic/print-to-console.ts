import { z } from "zod";
import { defineBlock } from "../contract";
import { asText } from "../runtime/python";

/** Debugging aid: writes the value to the run's log and passes it on. */
export const printToConsoleBlock = defineBlock({
  inMemory: true,
  id: "f3b1c1b2-4c4f-4f0d-8d2f-4c4f0d8d2f4c",
  name: "PrintToConsoleBlock",
  description: "Print the given text to the console, this is used for a debugging purpose.",
  categories: ["BASIC"],
  input: z.object({ text: z.unknown().describe("The data to print to the console.") }),
  output: z.object({
    output: z.unknown().describe("The data printed to the console."),
    status: z.string().describe("The status of the print operation."),
  }),
  async *run(input, ctx) {
    ctx.logger.info(`>>>>> Print: ${asText(input.text)}`, { nodeId: ctx.ids.nodeId });
    yield ["output", input.text];
    yield ["status", "printed"];
  },
  tests: [
    {
      input: { text: "Hello, World!" },
      expect: [
        ["output", "Hello, World!"],
        ["status", "printed"],
      ],
    },
  ],
});
