import { z } from "zod";
import { defineBlock } from "../contract";

export const addToDictionaryBlock = defineBlock({
  inMemory: true,
  id: "31d1064e-7446-4693-a7d4-65e5ca1180d1",
  name: "AddToDictionaryBlock",
  description: "Adds a new key-value pair to a dictionary. If no dictionary is provided, a new one is created.",
  categories: ["BASIC"],
  input: z.object({
    dictionary: z
      .record(z.string(), z.unknown())
      .default(() => ({}))
      .meta({
        description: "The dictionary to add the entry to. If not provided, a new dictionary will be created.",
        advanced: false,
      }),
    key: z
      .string()
      .default("")
      .meta({ description: "The key for the new entry.", placeholder: "new_key", advanced: false }),
    value: z
      .unknown()
      .default(null)
      .meta({ description: "The value for the new entry.", placeholder: "new_value", advanced: false }),
    entries: z
      .record(z.string(), z.unknown())
      .default(() => ({}))
      .meta({
        description: "The entries to add to the dictionary. This is the batch version of the `key` and `value` fields.",
        advanced: true,
      }),
  }),
  output: z.object({
    updated_dictionary: z.record(z.string(), z.unknown()).describe("The dictionary with the new entry added."),
  }),
  async *run(input) {
    const updated: Record<string, unknown> = { ...input.dictionary };
    if (input.value !== null && input.value !== undefined && input.key) updated[input.key] = input.value;
    Object.assign(updated, input.entries);
    yield ["updated_dictionary", updated];
  },
  tests: [
    {
      input: { dictionary: { existing_key: "existing_value" }, key: "new_key", value: "new_value" },
      expect: [["updated_dictionary", { existing_key: "existing_value", new_key: "new_value" }]],
    },
    {
      input: { key: "first_key", value: "first_value" },
      expect: [["updated_dictionary", { first_key: "first_value" }]],
    },
    {
      input: {
        dictionary: { existing_key: "existing_value" },
        entries: { new_key: "new_value", first_key: "first_value" },
      },
      expect: [
        ["updated_dictionary", { existing_key: "existing_value", new_key: "new_value", first_key: "first_value" }],
      ],
    },
  ],
});
