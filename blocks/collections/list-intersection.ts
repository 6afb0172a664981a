import { z } from "zod";
import { defineBlock } from "../contract";
import { valueKey } from "../runtime/value-key";

export const listIntersectionBlock = defineBlock({
  inMemory: true,
  id: "b6eb08b6-dbe3-411b-b9b4-2508cb311a1f",
  name: "ListIntersectionBlock",
  description: "Computes the intersection of two lists, returning only elements present in both.",
  categories: ["BASIC"],
  input: z.object({
    list_a: z
      .array(z.unknown())
      .meta({ description: "The first list to intersect.", placeholder: "e.g., [1, 2, 3, 4, 5]" }),
    list_b: z
      .array(z.unknown())
      .meta({ description: "The second list to intersect.", placeholder: "e.g., [3, 4, 5, 6, 7]" }),
  }),
  output: z.object({
    intersection: z.array(z.unknown()).describe("Elements present in both list_a and list_b."),
    length: z.number().int().describe("The number of elements in the intersection."),
  }),
  async *run({ list_a, list_b }) {
    // Hashed by value so large lists stay linear (each item against each was quadratic).
    const inB = new Set(list_b.map(valueKey));
    const seen = new Set<string>();
    const result: unknown[] = [];
    for (const item of list_a) {
      const key = valueKey(item);
      if (inB.has(key) && !seen.has(key)) {
        seen.add(key);
        result.push(item);
      }
    }
    yield ["intersection", result];
    yield ["length", result.length];
  },
  tests: [
    {
      input: { list_a: [1, 2, 3, 4, 5], list_b: [3, 4, 5, 6, 7] },
      expect: [
        ["intersection", [3, 4, 5]],
        ["length", 3],
      ],
    },
    {
      input: { list_a: ["a", "b", "c", "c"], list_b: ["c", "d", "e"] },
      expect: [
        ["intersection", ["c"]],
        ["length", 1],
      ],
    },
    {
      input: { list_a: [], list_b: [1, 2, 3] },
      expect: [
        ["intersection", []],
        ["length", 0],
      ],
    },
  ],
});
