import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";
import { refuseLargeValue } from "../runtime/text-size";
import { invalidListItem, listsField, presentLists } from "./list-inputs";

export const zipListsBlock = defineBlock({
  inMemory: true,
  id: "0d0e684f-5cb9-4c4b-b8d1-47a0860e0c07",
  name: "ZipListsBlock",
  description:
    "Zips multiple lists together into a list of grouped elements. Supports padding to longest or truncating to shortest.",
  categories: ["BASIC"],
  input: z.object({
    lists: listsField(
      "A list of lists to zip together. Corresponding elements will be grouped.",
      "e.g., [[1, 2, 3], ['a', 'b', 'c']]",
    ),
    pad_to_longest: z.boolean().default(false).meta({
      description:
        "If True, pad shorter lists with fill_value to match the longest list. If False, truncate to shortest.",
      advanced: true,
    }),
    fill_value: z
      .unknown()
      .default(null)
      .meta({ description: "Value to use for padding when pad_to_longest is True.", advanced: true }),
  }),
  output: z.object({
    zipped_list: z.array(z.array(z.unknown())).describe("The zipped list of grouped elements."),
    length: z.number().int().describe("The number of groups in the zipped result."),
  }),
  async *run({ lists, pad_to_longest, fill_value }, ctx) {
    const invalid = invalidListItem(lists);
    if (invalid) {
      yield ["error", invalid];
      return;
    }
    const present = presentLists(lists);
    const lengths = present.map((l) => l.length);
    const count = present.length === 0 ? 0 : pad_to_longest ? Math.max(...lengths) : Math.min(...lengths);
    // Padding makes count × lists entries from one long list and many empty ones (a few characters each): know
    // the least its JSON can be (`[a,b]` per group) before building it.
    refuseLargeValue(count * (2 * present.length + 1), ctx.limits);
    const zipped = Array.from({ length: count }, (_, i) => present.map((l) => (i < l.length ? l[i] : fill_value)));
    yield ["zipped_list", zipped];
    yield ["length", zipped.length];
  },
  tests: [
    {
      name: "padding one long list with many empty ones fails before the groups are built",
      input: { lists: [[1, 2, 3, 4], [], [], []], pad_to_longest: true },
      ctx: { limits: { ...DEFAULT_BLOCK_LIMITS, outputValueChars: 20 } },
      expect: [
        [
          "error",
          "ZipListsBlock failed: The output would be at least 36 characters of JSON, more than 20 (MAX_OUTPUT_VALUE_CHARS)",
        ],
      ],
    },
    {
      input: {
        lists: [
          [1, 2, 3],
          ["a", "b", "c"],
        ],
      },
      expect: [
        [
          "zipped_list",
          [
            [1, "a"],
            [2, "b"],
            [3, "c"],
          ],
        ],
        ["length", 3],
      ],
    },
    {
      input: {
        lists: [
          [1, 2, 3],
          ["a", "b"],
        ],
      },
      expect: [
        [
          "zipped_list",
          [
            [1, "a"],
            [2, "b"],
          ],
        ],
        ["length", 2],
      ],
    },
    {
      input: {
        lists: [
          [1, 2],
          ["a", "b", "c"],
        ],
        pad_to_longest: true,
        fill_value: 0,
      },
      expect: [
        [
          "zipped_list",
          [
            [1, "a"],
            [2, "b"],
            [0, "c"],
          ],
        ],
        ["length", 3],
      ],
    },
    {
      input: { lists: [] },
      expect: [
        ["zipped_list", []],
        ["length", 0],
      ],
    },
  ],
});
