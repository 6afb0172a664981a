import { z } from "zod";
import { defineValueInputBlock, passThroughVectors } from "./agent-input-fields";

export const agentToggleInputBlock = defineValueInputBlock({
  id: "cbf36ab5-df4a-43b6-8a7f-f7ed8652116e",
  name: "AgentToggleInputBlock",
  description: "Block for boolean toggle input.",
  value: z
    .boolean()
    .default(false)
    .meta({ description: "Boolean toggle input.", title: "Default Value", advanced: false }),
  result: z.boolean().describe("Boolean toggle result."),
  tests: passThroughVectors("toggle", [true, false]),
});
