import { z } from "zod";
import { defineBlock } from "../contract";
import { type ConvertTarget, pyConvert, pyEquals } from "../runtime/python";

/** AutoGPT converts `value` to the type of `input` before comparing ("10" matches 10, "true" matches true). */
function coerceLike(input: unknown, value: unknown): unknown {
  if (input === null || input === undefined || value === null || value === undefined) return value;
  const target: ConvertTarget =
    typeof input === "string"
      ? "string"
      : typeof input === "number"
        ? "number"
        : typeof input === "boolean"
          ? "boolean"
          : Array.isArray(input)
            ? "list"
            : "dictionary";
  try {
    return pyConvert(value, target);
  } catch {
    return value; // AutoGPT leaves the value as it is when conversion fails
  }
}

export const ifInputMatchesBlock = defineBlock({
  inMemory: true,
  id: "6dbbc4b3-ca6c-42b6-b508-da52d23e13f2",
  name: "IfInputMatchesBlock",
  description: "Handles conditional logic based on comparison operators",
  categories: ["LOGIC"],
  input: z.object({
    input: z
      .unknown()
      .meta({ description: "The input to match against", placeholder: "For example: 10 or 'hello' or True" }),
    value: z.unknown().meta({
      description: "The value to output if the input matches",
      placeholder: "For example: 'Greater' or 20 or False",
    }),
    yes_value: z.unknown().default(null).meta({
      description: "The value to output if the input matches",
      placeholder: "For example: 'Greater' or 20 or False",
    }),
    no_value: z.unknown().default(null).meta({
      description: "The value to output if the input does not match",
      placeholder: "For example: 'Greater' or 20 or False",
    }),
  }),
  output: z.object({
    result: z.boolean().describe("The result of the condition evaluation (True or False)"),
    yes_output: z.unknown().describe("The output value if the condition is true"),
    no_output: z.unknown().describe("The output value if the condition is false"),
  }),
  async *run(input) {
    if (pyEquals(input.input, coerceLike(input.input, input.value))) {
      yield ["result", true];
      yield ["yes_output", input.yes_value];
    } else {
      yield ["result", false];
      yield ["no_output", input.no_value];
    }
  },
  tests: [
    {
      input: { input: 10, value: 10, yes_value: "Greater", no_value: "Not greater" },
      expect: [
        ["result", true],
        ["yes_output", "Greater"],
      ],
    },
    {
      input: { input: 10, value: 20, yes_value: "Greater", no_value: "Not greater" },
      expect: [
        ["result", false],
        ["no_output", "Not greater"],
      ],
    },
    {
      input: { input: 10, value: "None", yes_value: "Yes", no_value: "No" },
      expect: [
        ["result", false],
        ["no_output", "No"],
      ],
    },
    {
      name: "a boolean input matches the text 'true'",
      input: { input: true, value: "true", yes_value: "Yes" },
      expect: [
        ["result", true],
        ["yes_output", "Yes"],
      ],
    },
    {
      name: "the value is converted to the input's type",
      input: { input: 10, value: "10", yes_value: "Yes" },
      expect: [
        ["result", true],
        ["yes_output", "Yes"],
      ],
    },
  ],
});
