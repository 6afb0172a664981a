import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields, emitValue, passThroughVectors } from "./agent-input-fields";

export const agentToggleInputBlock = defineBlock({
  id: "cbf36ab5-df4a-43b6-8a7f-f7ed8652116e",
  name: "AgentToggleInputBlock",
  description: "Block for boolean toggle input.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z
      .boolean()
      .default(false)
      .meta({ description: "Boolean toggle input.", title: "Default Value", advanced: false }),
  }),
  output: z.object({ result: z.boolean().describe("Boolean toggle result.") }),
  run: (input) => emitValue(input.value),
  tests: passThroughVectors("toggle", [true, false]),
});
