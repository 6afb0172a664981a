import { z } from "zod";
import { defineBlock } from "../contract";
import { valueKey } from "../runtime/value-key";
import { invalidListItem, listsField, presentLists } from "./list-inputs";

export const concatenateListsBlock = defineBlock({
  inMemory: true,
  id: "3cf9298b-5817-4141-9d80-7c2cc5199c8e",
  name: "ConcatenateListsBlock",
  description:
    "Concatenates multiple lists into a single list. All elements from all input lists are combined in order. Supports optional deduplication and None removal.",
  categories: ["BASIC"],
  input: z.object({
    lists: listsField(
      "A list of lists to concatenate together. All lists will be combined in order into a single list.",
      "e.g., [[1, 2], [3, 4], [5, 6]]",
    ),
    deduplicate: z.boolean().default(false).meta({
      description: "If True, remove duplicate elements from the concatenated result while preserving order.",
      advanced: true,
    }),
    remove_none: z
      .boolean()
      .default(false)
      .meta({ description: "If True, remove None values from the concatenated result.", advanced: true }),
  }),
  output: z.object({
    concatenated_list: z
      .array(z.unknown())
      .describe("The concatenated list containing all elements from all input lists in order."),
    length: z.number().int().describe("The total number of elements in the concatenated list."),
  }),
  async *run(input) {
    const invalid = invalidListItem(input.lists);
    if (invalid) {
      yield ["error", invalid];
      return;
    }
    let result = presentLists(input.lists).flat();
    if (input.remove_none) result = result.filter((item) => item !== null);
    if (input.deduplicate) {
      // First occurrence wins; hashed by value so large lists stay linear.
      const seen = new Set<string>();
      result = result.filter((item) => {
        const key = valueKey(item);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    yield ["concatenated_list", result];
    yield ["length", result.length];
  },
  tests: [
    {
      input: {
        lists: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      expect: [
        ["concatenated_list", [1, 2, 3, 4, 5, 6]],
        ["length", 6],
      ],
    },
    {
      input: { lists: [["a", "b"], ["c"], ["d", "e", "f"]] },
      expect: [
        ["concatenated_list", ["a", "b", "c", "d", "e", "f"]],
        ["length", 6],
      ],
    },
    {
      input: { lists: [] },
      expect: [
        ["concatenated_list", []],
        ["length", 0],
      ],
    },
    {
      input: {
        lists: [
          [1, 2, 2, 3],
          [3, 4],
        ],
        deduplicate: true,
      },
      expect: [
        ["concatenated_list", [1, 2, 3, 4]],
        ["length", 4],
      ],
    },
    {
      input: {
        lists: [
          [1, null, 2],
          [null, 3],
        ],
        remove_none: true,
      },
      expect: [
        ["concatenated_list", [1, 2, 3]],
        ["length", 3],
      ],
    },
    {
      input: { lists: [[1], "x"] },
      expect: [["error", (m: unknown) => String(m).startsWith("Invalid input at index 1")]],
    },
  ],
});
