import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields, emitValue } from "./agent-input-fields";

/** A graph input: the value given when the agent runs (or the node's default) flows out of `result`. */
export const agentInputBlock = defineBlock({
  inMemory: true,
  id: "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b",
  name: "AgentInputBlock",
  description:
    "A block that accepts and processes user input values within a workflow, supporting various input types and validation.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z.unknown().optional().describe("The value to be passed as input."),
  }),
  output: z.object({ result: z.unknown().describe("The value passed as input.") }),
  run: (input) => emitValue(input.value),
  tests: [
    {
      input: { value: "Hello, World!", name: "input_1", description: "Example test input." },
      expect: [["result", "Hello, World!"]],
    },
    { input: { value: 42, name: "input_2", description: "Example numeric input." }, expect: [["result", 42]] },
    { name: "no value, no output", input: { name: "input_3" }, expect: [] },
  ],
});
