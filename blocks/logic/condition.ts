import { z } from "zod";
import { defineBlock } from "../contract";
import { pyFloat } from "../runtime/python";

const ComparisonOperator = z.enum(["==", "!=", ">", "<", ">=", "<="]);

/** Numeric strings compare as numbers (AutoGPT converts str → float); other strings compare as text. */
const normalise = (value: unknown) => {
  if (typeof value !== "string") return value;
  try {
    return pyFloat(value);
  } catch {
    return value;
  }
};

function compare(a: unknown, op: z.infer<typeof ComparisonOperator>, b: unknown): boolean {
  switch (op) {
    case "==":
      return deepEqual(a, b);
    case "!=":
      return !deepEqual(a, b);
  }
  if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) {
    throw new Error(`'${op}' is not supported between ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  }
  const [x, y] = [a as number | string, b as number | string];
  return op === ">" ? x > y : op === "<" ? x < y : op === ">=" ? x >= y : x <= y;
}

const deepEqual = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export const conditionBlock = defineBlock({
  inMemory: true,
  id: "715696a0-e1da-45c8-b209-c2fa9c3b0be6",
  name: "ConditionBlock",
  description: "Handles conditional logic based on comparison operators",
  categories: ["LOGIC"],
  input: z.object({
    value1: z.unknown().meta({
      description: "Enter the first value for comparison",
      placeholder: "For example: 10 or 'hello' or True",
    }),
    operator: ComparisonOperator.meta({
      description: "Choose the comparison operator",
      placeholder: "Select an operator",
    }),
    value2: z.unknown().meta({
      description: "Enter the second value for comparison",
      placeholder: "For example: 20 or 'world' or False",
    }),
    yes_value: z.unknown().default(null).meta({
      description: "(Optional) Value to output if the condition is true. If not provided, value1 will be used.",
      placeholder: "Leave empty to use value1, or enter a specific value",
    }),
    no_value: z.unknown().default(null).meta({
      description: "(Optional) Value to output if the condition is false. If not provided, value1 will be used.",
      placeholder: "Leave empty to use value1, or enter a specific value",
    }),
  }),
  output: z.object({
    result: z.boolean().describe("The result of the condition evaluation (True or False)"),
    yes_output: z.unknown().describe("The output value if the condition is true"),
    no_output: z.unknown().describe("The output value if the condition is false"),
  }),
  async *run(input) {
    const value1 = normalise(input.value1);
    const value2 = normalise(input.value2);
    const result = compare(value1, input.operator, value2);
    yield ["result", result];
    if (result) yield ["yes_output", input.yes_value ?? value1];
    else yield ["no_output", input.no_value ?? value2];
  },
  tests: [
    {
      input: { value1: 10, operator: ">", value2: 5, yes_value: "Greater", no_value: "Not greater" },
      expect: [
        ["result", true],
        ["yes_output", "Greater"],
      ],
    },
    {
      name: "numeric strings compare as numbers; no_value defaults to value2",
      input: { value1: "9", operator: ">=", value2: "10" },
      expect: [
        ["result", false],
        ["no_output", 10],
      ],
    },
    {
      input: { value1: "apple", operator: "==", value2: "apple" },
      expect: [
        ["result", true],
        ["yes_output", "apple"],
      ],
    },
  ],
});
