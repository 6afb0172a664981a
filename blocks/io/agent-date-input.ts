import { z } from "zod";
import { defineValueInputBlock, passThroughVectors } from "./agent-input-fields";

export const agentDateInputBlock = defineValueInputBlock({
  id: "7e198b09-4994-47db-8b4d-952d98241817",
  name: "AgentDateInputBlock",
  description: "Block for date input.",
  value: z.iso
    .date()
    .nullable()
    .default(null)
    .meta({ description: "Date input (YYYY-MM-DD).", title: "Default Value", advanced: false }),
  result: z.iso.date().describe("Date result."),
  tests: passThroughVectors("date_input", ["2025-03-19", "2023-12-31"]),
});
