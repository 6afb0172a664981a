import { z } from "zod";
import { defineValueInputBlock, passThroughVectors } from "./agent-input-fields";

export const agentTimeInputBlock = defineValueInputBlock({
  id: "2a1c757e-86cf-4c7e-aacf-060dc382e434",
  name: "AgentTimeInputBlock",
  description: "Block for time input.",
  value: z.iso
    .time()
    .nullable()
    .default(null)
    .meta({ description: "Time input (HH:MM:SS).", title: "Default Value", advanced: false }),
  result: z.iso.time().describe("Time result."),
  tests: passThroughVectors("time_input", ["09:30:00", "23:59:59"]),
});
