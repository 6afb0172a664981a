import { z } from "zod";
import { defineBlock } from "../contract";
import { agentInputFields } from "./agent-input-fields";

/** A text input restricted to a list of options (`placeholder_values`, or `options` as in newer AutoGPT). */
export const agentDropdownInputBlock = defineBlock({
  inMemory: true,
  id: "655d6fdf-a334-421c-b733-520549c07cd1",
  name: "AgentDropdownInputBlock",
  description: "Block for dropdown text selection.",
  categories: ["INPUT", "BASIC"],
  blockType: "INPUT",
  staticOutput: true,
  input: z.object({
    ...agentInputFields,
    value: z
      .string()
      .nullable()
      .default(null)
      .meta({ description: "Text selected from a dropdown.", title: "Default Value", advanced: false }),
    placeholder_values: z
      .array(z.unknown())
      .default(() => [])
      .meta({
        description: "Possible values for the dropdown. Leave empty for free-text input.",
        title: "Dropdown Options",
        advanced: false,
      }),
    options: z
      .array(z.unknown())
      .default(() => [])
      .meta({ description: "Alias of placeholder_values (newer AutoGPT exports).", advanced: true }),
  }),
  output: z.object({ result: z.string().describe("Selected dropdown value.") }),
  async *run(input) {
    if (input.value === null) return;
    const options = input.placeholder_values.length > 0 ? input.placeholder_values : input.options;
    if (options.length > 0 && !options.map(String).includes(input.value)) {
      yield ["error", `"${input.value}" is not one of the dropdown options: ${options.map(String).join(", ")}`];
      return;
    }
    yield ["result", input.value];
  },
  tests: [
    {
      input: { value: "Option A", name: "dropdown_1", placeholder_values: ["Option A", "Option B", "Option C"] },
      expect: [["result", "Option A"]],
    },
    {
      input: { value: "Option C", name: "dropdown_2", options: ["Option A", "Option B", "Option C"] },
      expect: [["result", "Option C"]],
    },
    {
      name: "a value outside the options is refused",
      input: { value: "Option Z", name: "dropdown_3", placeholder_values: ["Option A"] },
      expect: [["error", (m: unknown) => String(m).includes("not one of the dropdown options")]],
    },
  ],
});
