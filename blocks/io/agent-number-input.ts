import { z } from "zod";
import { defineValueInputBlock, passThroughVectors } from "./agent-input-fields";

export const agentNumberInputBlock = defineValueInputBlock({
  id: "96dae2bb-97a2-41c2-bd2f-13a3b5a8ea98",
  name: "AgentNumberInputBlock",
  description: "Block for number input.",
  value: z
    .number()
    .int()
    .nullable()
    .default(null)
    .meta({ description: "Number input.", title: "Default Value", advanced: false }),
  result: z.number().int().describe("Number result."),
  tests: passThroughVectors("number_input", [42, 314]),
});
