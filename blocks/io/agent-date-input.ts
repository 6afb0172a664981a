import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields, emitValue, passThroughVectors } from "./agent-input-fields";

export const agentDateInputBlock = defineBlock({
  id: "7e198b09-4994-47db-8b4d-952d98241817",
  name: "AgentDateInputBlock",
  description: "Block for date input.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z.iso
      .date()
      .nullable()
      .default(null)
      .meta({ description: "Date input (YYYY-MM-DD).", title: "Default Value", advanced: false }),
  }),
  output: z.object({ result: z.iso.date().describe("Date result.") }),
  run: (input) => emitValue(input.value),
  tests: passThroughVectors("date_input", ["2025-03-19", "2023-12-31"]),
});
