import { z } from "zod";
import { defineBlock } from "../contract";
import { messageOf } from "../runtime/errors";
import { pyFloat, pyJsonDumps, pyTruthy } from "../runtime/python";

const TypeOptions = z.enum(["string", "number", "boolean", "list", "dictionary"]);

/**
 * AutoGPT's util/type.py `convert` for the five target types. One deliberate difference: text that is
 * not a number is an error here, where AutoGPT silently gives 0.
 */
function convert(value: unknown, type: z.infer<typeof TypeOptions>): unknown {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : pyJsonDumps(value);
    case "number":
      if (Array.isArray(value)) return value.length;
      if (value && typeof value === "object") return Object.keys(value).length;
      return pyFloat(value);
    case "boolean":
      if (typeof value === "string") return ["true", "1"].includes(value.toLowerCase());
      return pyTruthy(value);
    case "list": {
      if (Array.isArray(value)) return value;
      if (value && typeof value === "object") return Object.entries(value);
      if (typeof value === "string") {
        const text = value.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
          const parsed = tryJson(text);
          if (parsed !== undefined) return parsed;
        }
      }
      return [value];
    }
    case "dictionary": {
      if (value && typeof value === "object" && !Array.isArray(value)) return value;
      if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
      if (typeof value === "string") {
        const parsed = tryJson(value);
        if (parsed === undefined) return { value };
        return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : { value: parsed };
      }
      return { value };
    }
  }
}

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const universalTypeConverterBlock = defineBlock({
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
      yield ["value", convert(input.value, input.type)];
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
