import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields } from "./agent-input-fields";

const DEFAULT_HEADERS = ["Column 1", "Column 2", "Column 3"];

/** Table input: rows as dictionaries keyed by the configured column headers. */
export const agentTableInputBlock = defineBlock({
  inMemory: true,
  id: "5603b273-f41e-4020-af7d-fbc9c6a8d928",
  name: "AgentTableInputBlock",
  description: "Block for table data input with customizable headers.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z.array(z.record(z.string(), z.unknown())).nullable().default(null).meta({
      description: "The table data as a list of dictionaries.",
      title: "Default Value",
      format: "table",
      advanced: false,
    }),
    column_headers: z
      .array(z.string())
      .default(() => [...DEFAULT_HEADERS])
      .meta({ description: "Column headers for the table.", title: "Column Headers", advanced: false }),
  }),
  output: z.object({
    result: z
      .array(z.record(z.string(), z.unknown()))
      .describe("The table data as a list of dictionaries with headers as keys."),
  }),
  async *run(input) {
    yield ["result", input.value ?? []];
  },
  tests: [
    {
      input: {
        name: "test_table",
        column_headers: ["Name", "Age", "City"],
        value: [
          { Name: "John", Age: "30", City: "New York" },
          { Name: "Jane", Age: "25", City: "London" },
        ],
      },
      expect: [
        [
          "result",
          [
            { Name: "John", Age: "30", City: "New York" },
            { Name: "Jane", Age: "25", City: "London" },
          ],
        ],
      ],
    },
    { input: { name: "empty_table" }, expect: [["result", []]] },
  ],
});
