import { z } from "zod";
import { defineValueInputBlock, passThroughVectors } from "./agent-input-fields";

export const agentShortTextInputBlock = defineValueInputBlock({
  id: "7fcd3bcb-8e1b-4e69-903d-32d3d4a92158",
  name: "AgentShortTextInputBlock",
  description: "Block for short text input (single-line).",
  value: z
    .string()
    .nullable()
    .default(null)
    .meta({ description: "Short text input.", title: "Default Value", format: "short-text", advanced: false }),
  result: z.string().describe("Short text result."),
  tests: passThroughVectors("short_text", ["Hello", "Quick test"]),
});
