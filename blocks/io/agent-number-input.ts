import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields, emitValue, passThroughVectors } from "./agent-input-fields";

export const agentNumberInputBlock = defineBlock({
  id: "96dae2bb-97a2-41c2-bd2f-13a3b5a8ea98",
  name: "AgentNumberInputBlock",
  description: "Block for number input.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z
      .number()
      .int()
      .nullable()
      .default(null)
      .meta({ description: "Number input.", title: "Default Value", advanced: false }),
  }),
  output: z.object({ result: z.number().int().describe("Number result.") }),
  run: (input) => emitValue(input.value),
  tests: passThroughVectors("number_input", [42, 314]),
});
