import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields, emitValue, passThroughVectors } from "./agent-input-fields";

export const agentShortTextInputBlock = defineBlock({
  id: "7fcd3bcb-8e1b-4e69-903d-32d3d4a92158",
  name: "AgentShortTextInputBlock",
  description: "Block for short text input (single-line).",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z
      .string()
      .nullable()
      .default(null)
      .meta({ description: "Short text input.", title: "Default Value", format: "short-text", advanced: false }),
  }),
  output: z.object({ result: z.string().describe("Short text result.") }),
  run: (input) => emitValue(input.value),
  tests: passThroughVectors("short_text", ["Hello", "Quick test"]),
});
