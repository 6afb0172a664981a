import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";

const placeholder = "[1, 2, 3, 4, 5] or {'key1': 'value1', 'key2': 'value2'}";

/** Emits `item` then `key` for every element of a list (index) or dictionary (key), as AutoGPT does. */
export const stepThroughItemsBlock = defineBlock({
  inMemory: true,
  id: "f66a3543-28d3-4ab5-8945-9b336371e2ce",
  name: "StepThroughItemsBlock",
  description: "Iterates over a list or dictionary and outputs each item.",
  categories: ["LOGIC"],
  input: z.object({
    items: z
      .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
      .default(() => [])
      .meta({ description: "The list or dictionary of items to iterate over", placeholder, advanced: false }),
    items_object: z
      .record(z.string(), z.unknown())
      .default(() => ({}))
      .meta({ description: "The list or dictionary of items to iterate over", placeholder, advanced: false }),
    items_str: z
      .string()
      .default("")
      .meta({ description: "The list or dictionary of items to iterate over (as JSON)", placeholder, advanced: false }),
  }),
  output: z.object({
    item: z.unknown().describe("The current item in the iteration"),
    key: z.unknown().describe("The key or index of the current item in the iteration"),
  }),
  async *run(input, ctx) {
    const { stepItems, stepItemsJsonChars } = ctx.limits ?? DEFAULT_BLOCK_LIMITS;
    for (const data of [input.items, input.items_object, input.items_str]) {
      let items: unknown = data;
      if (typeof data === "string") {
        if (!data) continue;
        if (data.length > stepItemsJsonChars)
          throw new Error(
            `Input too large: ${data.length} > ${stepItemsJsonChars} characters (MAX_STEP_ITEMS_JSON_CHARS)`,
          );
        items = JSON.parse(data);
      }
      const entries: [unknown, unknown][] = Array.isArray(items)
        ? items.map((v, i) => [i, v])
        : items && typeof items === "object"
          ? Object.entries(items)
          : [];
      if (entries.length > stepItems)
        throw new Error(`Too many items: ${entries.length} > ${stepItems} (MAX_STEP_ITEMS)`);
      for (const [key, value] of entries) {
        if (ctx.signal.aborted) return;
        yield ["item", value];
        yield ["key", key];
      }
    }
  },
  tests: [
    {
      input: { items: [1, 2, 3, { key1: "value1", key2: "value2" }] },
      expect: [
        ["item", 1],
        ["key", 0],
        ["item", 2],
        ["key", 1],
        ["item", 3],
        ["key", 2],
        ["item", { key1: "value1", key2: "value2" }],
        ["key", 3],
      ],
    },
    {
      input: { items_str: '{"a": 1, "b": 2}' },
      expect: [
        ["item", 1],
        ["key", "a"],
        ["item", 2],
        ["key", "b"],
      ],
    },
  ],
});
