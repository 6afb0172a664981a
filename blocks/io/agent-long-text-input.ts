import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields, emitValue, passThroughVectors } from "./agent-input-fields";

export const agentLongTextInputBlock = defineBlock({
  id: "90a56ffb-7024-4b2b-ab50-e26c5e5ab8ba",
  name: "AgentLongTextInputBlock",
  description: "Block for long text input (multi-line).",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z.string().nullable().default(null).meta({
      description: "Long text input (potentially multi-line).",
      title: "Default Value",
      format: "long-text",
      advanced: false,
    }),
  }),
  output: z.object({ result: z.string().describe("Long text result.") }),
  run: (input) => emitValue(input.value),
  tests: passThroughVectors("long_text", ["Lorem ipsum dolor sit amet...", "Another\nmultiline text input."]),
});
