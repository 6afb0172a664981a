// Test-only block that yields many large strings (a run whose outputs pass the Durable Object RPC limit).
import { z } from "zod";
import { defineBlock } from "../../blocks/contract";

export const BIG_OUTPUT_BLOCK_ID = "00000000-0000-4000-8000-0000000e0b16";

export const bigOutputBlock = defineBlock({
  id: BIG_OUTPUT_BLOCK_ID,
  name: "TestBigOutputBlock",
  description: "Test only: yields `count` strings of `size` characters.",
  categories: ["BASIC"],
  input: z.object({ count: z.number().describe("How many"), size: z.number().describe("Characters each") }),
  output: z.object({ chunk: z.string().describe("A chunk") }),
  run: async function* (input) {
    for (let i = 0; i < input.count; i++) yield ["chunk", String(i % 10).repeat(input.size)];
  },
  tests: [],
});
