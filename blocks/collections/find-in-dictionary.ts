import { z } from "zod";
import { defineBlock } from "../contract";

/** Looks a key up in a dictionary (or JSON text of one), an index up in a list, or a key across a list of dicts. */
export const findInDictionaryBlock = defineBlock({
  inMemory: true,
  id: "0e50422c-6dee-4145-83d6-3a5a392f65de",
  name: "FindInDictionaryBlock",
  description:
    "A block that looks up a value in a dictionary, list, or object by key or index and returns the corresponding value.",
  categories: ["BASIC"],
  input: z.object({
    input: z.unknown().describe("Dictionary to lookup from"),
    key: z.union([z.string(), z.number().int()]).describe("Key to lookup in the dictionary"),
  }),
  output: z.object({
    output: z.unknown().describe("Value found for the given key"),
    missing: z.unknown().describe("Value of the input that missing the key"),
  }),
  async *run(input) {
    let obj = input.input;
    const key = input.key;
    if (typeof obj === "string") {
      try {
        obj = JSON.parse(obj);
      } catch {
        // Not JSON: a plain string has no keys, so it is reported as missing below.
      }
    }
    if (obj && typeof obj === "object" && !Array.isArray(obj) && Object.hasOwn(obj, String(key))) {
      yield ["output", (obj as Record<string, unknown>)[String(key)]];
    } else if (Array.isArray(obj) && typeof key === "number" && key >= 0 && key < obj.length) {
      yield ["output", obj[key]];
    } else if (Array.isArray(obj) && typeof key === "string") {
      const dicts = obj.filter((item): item is Record<string, unknown> => !!item && typeof item === "object");
      yield ["output", dicts.filter((item) => Object.hasOwn(item, key)).map((item) => item[key])];
    } else {
      yield ["missing", input.input];
    }
  },
  tests: [
    { input: { input: { apple: 1, banana: 2, cherry: 3 }, key: "banana" }, expect: [["output", 2]] },
    { input: { input: { x: 10, y: 20, z: 30 }, key: "w" }, expect: [["missing", { x: 10, y: 20, z: 30 }]] },
    { input: { input: [1, 2, 3], key: 1 }, expect: [["output", 2]] },
    { input: { input: [1, 2, 3], key: 3 }, expect: [["missing", [1, 2, 3]]] },
    { input: { input: [{ k1: "v1" }, { k2: "v2" }, { k1: "v3" }], key: "k1" }, expect: [["output", ["v1", "v3"]]] },
    {
      name: "JSON text is parsed first",
      input: { input: '{"a": {"b": 1}}', key: "a" },
      expect: [["output", { b: 1 }]],
    },
  ],
});
