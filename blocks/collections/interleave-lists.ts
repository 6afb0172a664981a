import { z } from "zod";
import { defineBlock } from "../contract";
import { invalidListItem, listsField, presentLists } from "./list-inputs";

export const interleaveListsBlock = defineBlock({
  inMemory: true,
  id: "9f616084-1d9f-4f8e-bc00-5b9d2a75cd75",
  name: "InterleaveListsBlock",
  description: "Interleaves elements from multiple lists in round-robin fashion, alternating between sources.",
  categories: ["BASIC"],
  input: z.object({
    lists: listsField(
      "A list of lists to interleave. Elements will be taken in round-robin order.",
      "e.g., [[1, 2, 3], ['a', 'b', 'c']]",
    ),
  }),
  output: z.object({
    interleaved_list: z
      .array(z.unknown())
      .describe("The interleaved list with elements alternating from each input list."),
    length: z.number().int().describe("The total number of elements in the interleaved list."),
  }),
  async *run({ lists }) {
    const invalid = invalidListItem(lists);
    if (invalid) {
      yield ["error", invalid];
      return;
    }
    const present = presentLists(lists);
    const longest = Math.max(0, ...present.map((l) => l.length));
    const result: unknown[] = [];
    for (let i = 0; i < longest; i++) for (const list of present) if (i < list.length) result.push(list[i]);
    yield ["interleaved_list", result];
    yield ["length", result.length];
  },
  tests: [
    {
      input: {
        lists: [
          [1, 2, 3],
          ["a", "b", "c"],
        ],
      },
      expect: [
        ["interleaved_list", [1, "a", 2, "b", 3, "c"]],
        ["length", 6],
      ],
    },
    {
      input: {
        lists: [
          [1, 2, 3],
          ["a", "b"],
          ["x", "y", "z"],
        ],
      },
      expect: [
        ["interleaved_list", [1, "a", "x", 2, "b", "y", 3, "z"]],
        ["length", 8],
      ],
    },
    {
      input: { lists: [] },
      expect: [
        ["interleaved_list", []],
        ["length", 0],
      ],
    },
  ],
});
