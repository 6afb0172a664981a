// List blocks given 200,000 items each finish in linear work (each-against-each took 4·10¹⁰ comparisons).
import { describe, expect, it } from "vitest";
import type { BlockContext } from "../contract";
import { concatenateListsBlock } from "./concatenate-lists";
import { listDifferenceBlock } from "./list-difference";
import { listIntersectionBlock } from "./list-intersection";

const ctx = {} as BlockContext;
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

async function outputs(gen: AsyncIterable<readonly [string, unknown]>) {
  const out: Record<string, unknown> = {};
  for await (const [pin, value] of gen) out[pin] = value;
  return out;
}

describe("list blocks with 200,000 items", () => {
  const a = range(0, 200_000);
  const b = range(100_000, 200_000);

  it("ListDifference", async () => {
    const out = await outputs(listDifferenceBlock.run({ list_a: a, list_b: b, symmetric: true }, ctx));
    expect(out.length).toBe(200_000);
  });

  it("ListIntersection", async () => {
    const out = await outputs(listIntersectionBlock.run({ list_a: a, list_b: b }, ctx));
    expect(out.length).toBe(100_000);
  });

  it("ConcatenateLists with deduplicate", async () => {
    const out = await outputs(
      concatenateListsBlock.run({ lists: [a, b], deduplicate: true, remove_none: false } as never, ctx),
    );
    expect(out.length).toBe(300_000);
  });

  it("compares by value, whatever the key order", async () => {
    const out = await outputs(
      listIntersectionBlock.run({ list_a: [{ a: 1, b: [2] }, 1, "1", true], list_b: [{ b: [2], a: 1 }, "1"] }, ctx),
    );
    expect(out.intersection).toEqual([{ a: 1, b: [2] }, "1"]);
  });
});
