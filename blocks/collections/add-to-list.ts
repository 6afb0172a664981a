import { z } from "zod";
import { defineBlock } from "../contract";

export const addToListBlock = defineBlock({
  inMemory: true,
  id: "aeb08fc1-2fc1-4141-bc8e-f758f183a822",
  name: "AddToListBlock",
  description:
    "Adds a new entry to a list. The entry can be of any type. If no list is provided, a new one is created.",
  categories: ["BASIC"],
  input: z.object({
    list: z
      .array(z.unknown())
      .default(() => [])
      .meta({
        description: "The list to add the entry to. If not provided, a new list will be created.",
        advanced: false,
      }),
    entry: z.unknown().default(null).meta({
      description: "The entry to add to the list. Can be of any type (string, int, dict, etc.).",
      advanced: false,
    }),
    entries: z
      .array(z.unknown())
      .default(() => [])
      .meta({
        description: "The entries to add to the list. This is the batch version of the `entry` field.",
        advanced: true,
      }),
    position: z.number().int().nullable().default(null).meta({
      description:
        "The position to insert the new entry. If not provided, the entry will be appended to the end of the list.",
    }),
  }),
  output: z.object({ updated_list: z.array(z.unknown()).describe("The list with the new entry added.") }),
  async *run(input) {
    const added = [...input.entries];
    // AutoGPT skips falsy entries (`if input_data.entry:`); keep that so exported agents behave the same.
    if (
      input.entry !== null &&
      input.entry !== undefined &&
      input.entry !== "" &&
      input.entry !== false &&
      input.entry !== 0
    ) {
      added.push(input.entry);
    }
    const list = [...input.list];
    if (input.position === null) {
      yield ["updated_list", [...list, ...added]];
      return;
    }
    // Python slicing semantics: negative positions count from the end, out-of-range clamps.
    const at = Math.min(Math.max(input.position < 0 ? list.length + input.position : input.position, 0), list.length);
    yield ["updated_list", [...list.slice(0, at), ...added, ...list.slice(at)]];
  },
  tests: [
    {
      input: { list: [1, "string", { existing_key: "existing_value" }], entry: { new_key: "new_value" }, position: 1 },
      expect: [["updated_list", [1, { new_key: "new_value" }, "string", { existing_key: "existing_value" }]]],
    },
    { input: { entry: "first_entry" }, expect: [["updated_list", ["first_entry"]]] },
    { input: { list: ["a", "b", "c"], entry: "d" }, expect: [["updated_list", ["a", "b", "c", "d"]]] },
    {
      input: { entry: "e", entries: ["f", "g"], list: ["a", "b"], position: 1 },
      expect: [["updated_list", ["a", "f", "g", "e", "b"]]],
    },
  ],
});
