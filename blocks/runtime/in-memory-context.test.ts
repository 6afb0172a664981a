import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineBlock } from "../contract";
import { runVector } from "./run-vector";

const fetcher = (inMemory: boolean) =>
  defineBlock({
    inMemory,
    id: "00000000-0000-4000-8000-00000000b0b0",
    name: "TestFetcherBlock",
    description: "fetches",
    categories: ["BASIC"],
    input: z.object({}),
    output: z.object({ status: z.number().describe("status") }),
    async *run(_input, ctx) {
      yield ["status", (await ctx.fetch("https://example.com/")).status];
    },
    tests: [],
  });

describe("in-memory blocks", () => {
  const vector = { input: {}, expect: [["status", 200]] as const, ctx: { fetch: async () => new Response("ok") } };

  it("refuses ctx I/O to a block declared inMemory, so its flag cannot silently be wrong", async () => {
    const { outputs } = await runVector(fetcher(true), { ...vector, expect: [] });
    expect(outputs).toEqual([["error", expect.stringContaining("declared inMemory and cannot use ctx.fetch")]]);
  });

  it("lets the same block reach out when it is not declared inMemory", async () => {
    const { outputs, mismatches } = await runVector(fetcher(false), vector);
    expect(outputs).toEqual([["status", 200]]);
    expect(mismatches).toEqual([]);
  });
});
