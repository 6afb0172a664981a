import { z } from "zod";
import { defineBlock } from "../contract";

export const countItemsBlock = defineBlock({
  inMemory: true,
  id: "3c9c2f42-b0c3-435f-ba35-05f7a25c772a",
  name: "CountItemsBlock",
  description: "Counts the number of items in a collection.",
  categories: ["LOGIC"],
  input: z.object({
    collection: z.unknown().meta({
      description:
        "Enter the collection you want to count. This can be a list, dictionary, string, or any other iterable.",
      placeholder: "For example: [1, 2, 3] or {'a': 1, 'b': 2} or 'hello'",
    }),
  }),
  output: z.object({ count: z.number().int().describe("The number of items in the collection") }),
  async *run({ collection }) {
    // AutoGPT answers -1 for a non-collection; an error says what went wrong instead.
    if (typeof collection === "string") yield ["count", [...collection].length];
    else if (Array.isArray(collection)) yield ["count", collection.length];
    else if (collection && typeof collection === "object") yield ["count", Object.keys(collection).length];
    else yield ["error", `Input is not a countable collection: ${JSON.stringify(collection)}`];
  },
  tests: [
    { input: { collection: [1, 2, 3, 4, 5] }, expect: [["count", 5]] },
    { input: { collection: { a: 1, b: 2 } }, expect: [["count", 2]] },
    { input: { collection: "hello" }, expect: [["count", 5]] },
    { input: { collection: 42 }, expect: [["error", "Input is not a countable collection: 42"]] },
  ],
});
