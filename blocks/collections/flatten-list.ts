import { z } from "zod";
import { defineBlock } from "../contract";

const MAX_DEPTH = 1000;

function flatten(items: unknown[], maxDepth: number, depth = 0, out: unknown[] = []): unknown[] {
  if (depth > MAX_DEPTH) throw new Error(`Flattening exceeded maximum depth of ${MAX_DEPTH} levels.`);
  for (const item of items) {
    if (Array.isArray(item) && (maxDepth === -1 || depth < maxDepth)) flatten(item, maxDepth, depth + 1, out);
    else out.push(item);
  }
  return out;
}

/** AutoGPT's nesting depth: [] and [1, 2] are 1, [[1]] is 2. */
function nestingDepth(items: unknown[]): number {
  let max = 0;
  const stack: [unknown, number][] = [[items, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_DEPTH) return depth;
    if (!Array.isArray(item)) max = Math.max(max, depth);
    else if (item.length === 0) max = Math.max(max, depth + 1);
    else for (const child of item) stack.push([child, depth + 1]);
  }
  return max;
}

export const flattenListBlock = defineBlock({
  inMemory: true,
  id: "cc45bb0f-d035-4756-96a7-fe3e36254b4d",
  name: "FlattenListBlock",
  description:
    "Flattens a nested list structure into a single flat list. Supports configurable maximum flattening depth.",
  categories: ["BASIC"],
  input: z.object({
    nested_list: z.array(z.unknown()).meta({
      description: "A potentially nested list to flatten into a single-level list.",
      placeholder: "e.g., [[1, [2, 3]], [4, [5, [6]]]]",
    }),
    max_depth: z.number().int().default(-1).meta({
      description: "Maximum depth to flatten. -1 means flatten completely. 1 means flatten only one level.",
      advanced: true,
    }),
  }),
  output: z.object({
    flattened_list: z.array(z.unknown()).describe("The flattened list with all nested elements extracted."),
    length: z.number().int().describe("The number of elements in the flattened list."),
    original_depth: z.number().int().describe("The maximum nesting depth of the original input list."),
  }),
  async *run({ nested_list, max_depth }) {
    if (max_depth < -1) {
      yield ["error", `max_depth must be -1 (unlimited) or a non-negative integer, got ${max_depth}`];
      return;
    }
    const depth = nestingDepth(nested_list);
    const flat = flatten(nested_list, max_depth);
    yield ["flattened_list", flat];
    yield ["length", flat.length];
    yield ["original_depth", depth];
  },
  tests: [
    {
      input: {
        nested_list: [
          [1, 2],
          [3, [4, 5]],
        ],
      },
      expect: [
        ["flattened_list", [1, 2, 3, 4, 5]],
        ["length", 5],
        ["original_depth", 3],
      ],
    },
    {
      input: { nested_list: [1, [2, [3, [4]]], 5], max_depth: 1 },
      expect: [
        ["flattened_list", [1, 2, [3, [4]], 5]],
        ["length", 4],
        ["original_depth", 4],
      ],
    },
    {
      input: { nested_list: [] },
      expect: [
        ["flattened_list", []],
        ["length", 0],
        ["original_depth", 1],
      ],
    },
    {
      input: { nested_list: [1, 2, 3] },
      expect: [
        ["flattened_list", [1, 2, 3]],
        ["length", 3],
        ["original_depth", 1],
      ],
    },
  ],
});
