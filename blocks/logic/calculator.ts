import { z } from "zod";
import { defineBlock } from "../contract";

const Operation = z.enum(["Add", "Subtract", "Multiply", "Divide", "Power"]);

export const calculatorBlock = defineBlock({
  inMemory: true,
  id: "b1ab9b19-67a6-406d-abf5-2dba76d00c79",
  name: "CalculatorBlock",
  description: "Performs a mathematical operation on two numbers.",
  categories: ["LOGIC"],
  input: z.object({
    operation: Operation.meta({
      description: "Choose the math operation you want to perform",
      placeholder: "Select an operation",
    }),
    a: z.coerce.number().meta({ description: "Enter the first number (A)", placeholder: "For example: 10" }),
    b: z.coerce.number().meta({ description: "Enter the second number (B)", placeholder: "For example: 5" }),
    round_result: z.boolean().default(false).describe("Do you want to round the result to a whole number?"),
  }),
  output: z.object({ result: z.number().describe("The result of your calculation") }),
  async *run({ operation, a, b, round_result }) {
    // AutoGPT hides failures behind inf/NaN; we report them on the error pin instead.
    if (operation === "Divide" && b === 0) {
      yield ["error", "Cannot divide by zero"];
      return;
    }
    const result =
      operation === "Add"
        ? a + b
        : operation === "Subtract"
          ? a - b
          : operation === "Multiply"
            ? a * b
            : operation === "Divide"
              ? a / b
              : a ** b;
    if (!Number.isFinite(result)) {
      yield ["error", `The result of ${operation} is not a finite number`];
      return;
    }
    yield ["result", round_result ? pythonRound(result) : result];
  },
  tests: [
    { input: { operation: "Add", a: 10.0, b: 5.0, round_result: false }, expect: [["result", 15.0]] },
    { input: { operation: "Power", a: 2, b: 10 }, expect: [["result", 1024]] },
    { input: { operation: "Divide", a: 7, b: 2, round_result: true }, expect: [["result", 4]] },
    {
      name: "numeric strings are accepted",
      input: { operation: "Multiply", a: "3", b: "4" },
      expect: [["result", 12]],
    },
    { input: { operation: "Divide", a: 1, b: 0 }, expect: [["error", "Cannot divide by zero"]] },
  ],
});

/** Python's round(): halves go to the even neighbour (round(2.5) == 2, round(3.5) == 4). */
function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
