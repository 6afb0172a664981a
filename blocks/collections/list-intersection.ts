import { z } from "zod";
import { defineBlock } from "../contract";
import { pyEquals } from "../runtime/python";

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
    const result: unknown[] = [];
    for (const item of list_a) {
      if (list_b.some((b) => pyEquals(b, item)) && !result.some((r) => pyEquals(r, item))) result.push(item);
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
