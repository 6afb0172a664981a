import { z } from "zod";
import { defineBlock } from "../contract";
import { valueKey } from "../runtime/value-key";

/** Items of `list` not in `other` (equality by value), in order; hashed so large lists stay linear. */
const without = (list: unknown[], other: unknown[]) => {
  const keys = new Set(other.map(valueKey));
  return list.filter((item) => !keys.has(valueKey(item)));
};

export const listDifferenceBlock = defineBlock({
  inMemory: true,
  id: "05309873-9d61-447e-96b5-b804e2511829",
  name: "ListDifferenceBlock",
  description:
    "Computes the difference between two lists. Returns elements in the first list not found in the second, or symmetric difference.",
  categories: ["BASIC"],
  input: z.object({
    list_a: z
      .array(z.unknown())
      .meta({ description: "The primary list to check elements from.", placeholder: "e.g., [1, 2, 3, 4, 5]" }),
    list_b: z.array(z.unknown()).meta({
      description: "The list to subtract. Elements found here will be removed from list_a.",
      placeholder: "e.g., [3, 4, 5, 6]",
    }),
    symmetric: z.boolean().default(false).meta({
      description: "If True, compute symmetric difference (elements in either list but not both).",
      advanced: true,
    }),
  }),
  output: z.object({
    difference: z
      .array(z.unknown())
      .describe("Elements from list_a not found in list_b (or symmetric difference if enabled)."),
    length: z.number().int().describe("The number of elements in the difference result."),
  }),
  async *run({ list_a, list_b, symmetric }) {
    const onlyA = without(list_a, list_b);
    const result = symmetric ? [...onlyA, ...without(list_b, list_a)] : onlyA;
    yield ["difference", result];
    yield ["length", result.length];
  },
  tests: [
    {
      input: { list_a: [1, 2, 3, 4, 5], list_b: [3, 4, 5, 6, 7] },
      expect: [
        ["difference", [1, 2]],
        ["length", 2],
      ],
    },
    {
      input: { list_a: [1, 2, 3, 4, 5], list_b: [3, 4, 5, 6, 7], symmetric: true },
      expect: [
        ["difference", [1, 2, 6, 7]],
        ["length", 4],
      ],
    },
    {
      input: { list_a: [{ a: 1 }, "b"], list_b: [{ a: 1 }] },
      expect: [
        ["difference", ["b"]],
        ["length", 1],
      ],
    },
  ],
});
