import { z } from "zod";
import { defineValueInputBlock, passThroughVectors } from "./agent-input-fields";

export const agentLongTextInputBlock = defineValueInputBlock({
  id: "90a56ffb-7024-4b2b-ab50-e26c5e5ab8ba",
  name: "AgentLongTextInputBlock",
  description: "Block for long text input (multi-line).",
  value: z.string().nullable().default(null).meta({
    description: "Long text input (potentially multi-line).",
    title: "Default Value",
    format: "long-text",
    advanced: false,
  }),
  result: z.string().describe("Long text result."),
  tests: passThroughVectors("long_text", ["Lorem ipsum dolor sit amet...", "Another\nmultiline text input."]),
});
