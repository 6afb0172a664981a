import { z } from "zod";
import { defineBlock } from "../contract";
import { asText } from "../runtime/python";

/** Rough token count (about four characters a token), enough to keep chunks under a model's limit. */
const estimateTokens = (value: unknown) => Math.ceil(asText(value).length / 4);

/** Builds a list; with `max_size`/`max_tokens` it is yielded in chunks (one `list` output per chunk). */
export const createListBlock = defineBlock({
  inMemory: true,
  id: "a912d5c7-6e00-4542-b2a9-8034136930e4",
  name: "CreateListBlock",
  description:
    "Creates a list with the specified values. Use this when you know all the values you want to add upfront. This block can also yield the list in batches based on a maximum size or token limit.",
  categories: ["DATA"],
  input: z.object({
    values: z.array(z.unknown()).meta({
      description: "A list of values to be combined into a new list.",
      placeholder: "e.g., ['Alice', 25, True]",
    }),
    max_size: z.number().int().positive().nullable().default(null).meta({
      description: "Maximum size of the list. If provided, the list will be yielded in chunks of this size.",
      advanced: true,
    }),
    max_tokens: z.number().int().positive().nullable().default(null).meta({
      description:
        "Maximum tokens for the list. If provided, the list will be yielded in chunks that fit within this token limit.",
      advanced: true,
    }),
  }),
  output: z.object({ list: z.array(z.unknown()).describe("The created list containing the specified values.") }),
  async *run({ values, max_size, max_tokens }) {
    let chunk: unknown[] = [];
    let tokens = 0;
    for (const value of values) {
      const cost = max_tokens ? estimateTokens(value) : 0;
      const overTokens = max_tokens !== null && tokens + cost > max_tokens;
      const overSize = max_size !== null && chunk.length + 1 > max_size;
      if ((overTokens || overSize) && chunk.length > 0) {
        yield ["list", chunk];
        chunk = [];
        tokens = 0;
      }
      chunk.push(value);
      tokens += cost;
    }
    if (chunk.length > 0 || values.length === 0) yield ["list", chunk];
  },
  tests: [
    { input: { values: ["Alice", 25, true] }, expect: [["list", ["Alice", 25, true]]] },
    { input: { values: [1, 2, 3, "four", { key: "value" }] }, expect: [["list", [1, 2, 3, "four", { key: "value" }]]] },
    {
      name: "chunks of max_size",
      input: { values: [1, 2, 3, 4, 5], max_size: 2 },
      expect: [
        ["list", [1, 2]],
        ["list", [3, 4]],
        ["list", [5]],
      ],
    },
    { input: { values: [] }, expect: [["list", []]] },
  ],
});
