import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields, emitValue, passThroughVectors } from "./agent-input-fields";

export const agentTimeInputBlock = defineBlock({
  id: "2a1c757e-86cf-4c7e-aacf-060dc382e434",
  name: "AgentTimeInputBlock",
  description: "Block for time input.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z.iso
      .time()
      .nullable()
      .default(null)
      .meta({ description: "Time input (HH:MM:SS).", title: "Default Value", advanced: false }),
  }),
  output: z.object({ result: z.iso.time().describe("Time result.") }),
  run: (input) => emitValue(input.value),
  tests: passThroughVectors("time_input", ["09:30:00", "23:59:59"]),
});
