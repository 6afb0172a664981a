import { z } from "zod";
import { defineBlock } from "../contract";
import { messageOf } from "../runtime/errors";
import { pyConvert } from "../runtime/python";

const TypeOptions = z.enum(["string", "number", "boolean", "list", "dictionary"]);

export const universalTypeConverterBlock = defineBlock({
  inMemory: true,
  id: "95d1b990-ce13-4d88-9737-ba5c2070c97b",
  name: "UniversalTypeConverterBlock",
  description: "This block is used to convert a value to a universal type.",
  categories: ["BASIC"],
  input: z.object({
    value: z.unknown().describe("The value to convert to a universal type."),
    type: TypeOptions.describe("The type to convert the value to."),
  }),
  output: z.object({ value: z.unknown().describe("The converted value.") }),
  async *run(input) {
    try {
      yield ["value", pyConvert(input.value, input.type)];
    } catch (err) {
      yield ["error", `Failed to convert value: ${messageOf(err)}`];
    }
  },
  tests: [
    { input: { value: "42.5", type: "number" }, expect: [["value", 42.5]] },
    { input: { value: { a: [1, 2] }, type: "string" }, expect: [["value", '{"a": [1, 2]}']] },
    { input: { value: "[1, 2]", type: "list" }, expect: [["value", [1, 2]]] },
    { input: { value: "true", type: "boolean" }, expect: [["value", true]] },
    { input: { value: "yes", type: "boolean" }, expect: [["value", false]] },
    { input: { value: [], type: "boolean" }, expect: [["value", false]] },
    { input: { value: [1, 2, 3], type: "number" }, expect: [["value", 3]] },
    { input: { value: "plain", type: "list" }, expect: [["value", ["plain"]]] },
    { input: { value: "plain", type: "dictionary" }, expect: [["value", { value: "plain" }]] },
    { input: { value: ["x", "y"], type: "dictionary" }, expect: [["value", { "0": "x", "1": "y" }]] },
    {
      input: { value: "not a number", type: "number" },
      expect: [["error", (m: unknown) => String(m).startsWith("Failed to convert value")]],
    },
  ],
});
