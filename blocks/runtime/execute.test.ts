import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineBlock, NonRetryableError, RetryableError } from "../contract";
import { BlockExecutionError, BlockInputError, BlockOutputError, BlockRetryableError } from "./errors";
import { collectBlockOutputs, executeBlock } from "./execute";
import { runVector } from "./run-vector";
import { createTestContext } from "./test-context";

const adder = defineBlock({
  id: "00000000-0000-4000-8000-00000000a0a0",
  name: "TestAdderBlock",
  description: "adds",
  categories: ["LOGIC"],
  input: z.object({
    a: z.number().describe("a"),
    b: z.number().default(1).describe("b"),
    mode: z.enum(["ok", "bad-type", "bad-pin", "error", "throw", "retry", "after-error"]).default("ok").describe("m"),
  }),
  output: z.object({ sum: z.number().describe("sum"), note: z.string().describe("note") }),
  async *run({ a, b, mode }) {
    if (mode === "throw") throw new NonRetryableError("boom");
    if (mode === "retry") throw new RetryableError("try later", 5_000);
    if (mode === "error") {
      yield ["error", "refused"];
      return;
    }
    if (mode === "after-error") {
      yield ["sum", a + b];
      yield ["error", "half done"];
      yield ["note", "never seen"];
      return;
    }
    if (mode === "bad-type") {
      yield ["sum", "not a number" as unknown as number];
      return;
    }
    if (mode === "bad-pin") {
      yield ["nope" as "sum", 1];
      return;
    }
    yield ["sum", a + b];
    yield ["note", "done"];
  },
  tests: [
    {
      input: { a: 1 },
      expect: [
        ["sum", 2],
        ["note", "done"],
      ],
    },
  ],
});

const ctx = () => createTestContext();

describe("executeBlock", () => {
  it("applies input defaults and yields outputs in order", async () => {
    const result = await collectBlockOutputs(adder, { a: 2 }, ctx());
    expect(result).toEqual({
      outputs: [
        ["sum", 3],
        ["note", "done"],
      ],
      failed: false,
    });
  });

  it("refuses bad input with field paths before the block runs", async () => {
    const err = await collectBlockOutputs(adder, { a: "x", mode: "nope" }, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(BlockInputError);
    expect(err.blockId).toBe(adder.id);
    expect(err.blockName).toBe("TestAdderBlock");
    expect(err.issues.map((i: { path: string }) => i.path).sort()).toEqual(["a", "mode"]);
  });

  it("checks yielded values against their pin", async () => {
    const err = await collectBlockOutputs(adder, { a: 1, mode: "bad-type" }, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(BlockOutputError);
    expect(err.pin).toBe("sum");
  });

  it("refuses pins the block does not declare", async () => {
    const err = await collectBlockOutputs(adder, { a: 1, mode: "bad-pin" }, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(BlockOutputError);
    expect(err.message).toContain('"nope"');
  });

  it("accepts undeclared pins from dynamic-output blocks", async () => {
    const dynamic = { ...adder, dynamicOutput: true };
    const result = await collectBlockOutputs(dynamic, { a: 1, mode: "bad-pin" }, ctx());
    expect(result.outputs).toEqual([["nope", 1]]);
  });

  it("does not check values of non-STANDARD blocks", async () => {
    const input = { ...adder, blockType: "INPUT" as const };
    const result = await collectBlockOutputs(input, { a: 1, mode: "bad-type" }, ctx());
    expect(result.outputs).toEqual([["sum", "not a number"]]);
  });

  it("passes a yielded error through, stops the block and reports the run failed", async () => {
    expect(await collectBlockOutputs(adder, { a: 1, mode: "error" }, ctx())).toEqual({
      outputs: [["error", "refused"]],
      failed: true,
      error: "refused",
    });
    const partial = await collectBlockOutputs(adder, { a: 1, mode: "after-error" }, ctx());
    expect(partial.outputs).toEqual([
      ["sum", 2],
      ["error", "half done"],
    ]);
  });

  it("wraps thrown errors with the block's id and name", async () => {
    const err = await collectBlockOutputs(adder, { a: 1, mode: "throw" }, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(BlockExecutionError);
    expect(err.message).toBe("TestAdderBlock failed: boom");
    expect(err.cause).toBeInstanceOf(NonRetryableError);
    expect(err.blockId).toBe(adder.id);
  });

  it("keeps RetryableError recognisable", async () => {
    const err = await collectBlockOutputs(adder, { a: 1, mode: "retry" }, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err).toBeInstanceOf(BlockRetryableError);
    expect(err.retryAfterMs).toBe(5_000);
    expect(err.blockName).toBe("TestAdderBlock");
  });

  it("streams: the consumer sees an output before the block finishes", async () => {
    const run = executeBlock(adder, { a: 1 }, ctx());
    expect((await run.next()).value).toEqual(["sum", 2]);
    await run.return({ failed: false });
  });
});

describe("test vector matching (AutoGPT rules)", () => {
  const vector = (expect: [string, unknown][]) => ({ input: { a: 1 }, expect });

  it("passes when outputs match in order, literal or predicate", async () => {
    const { mismatches } = await runVector(
      adder,
      vector([
        ["sum", (v: unknown) => v === 2],
        ["note", "done"],
      ]),
    );
    expect(mismatches).toEqual([]);
  });

  it.each([
    [
      "a wrong value",
      [
        ["sum", 3],
        ["note", "done"],
      ],
    ],
    [
      "a wrong order",
      [
        ["note", "done"],
        ["sum", 2],
      ],
    ],
    ["too few expected (an extra output)", [["sum", 2]]],
    [
      "too many expected (a missing output)",
      [
        ["sum", 2],
        ["note", "done"],
        ["note", "again"],
      ],
    ],
    [
      "a failing predicate",
      [
        ["sum", () => false],
        ["note", "done"],
      ],
    ],
  ] as [string, [string, unknown][]][])("fails on %s", async (_label, expected) => {
    const { mismatches } = await runVector(adder, vector(expected));
    expect(mismatches.length).toBeGreaterThan(0);
  });

  it("turns a thrown error into an error output, as the engine routes it", async () => {
    const { outputs } = await runVector(adder, { input: { a: "x" }, expect: [] });
    expect(outputs).toEqual([["error", expect.stringContaining("Invalid input for TestAdderBlock")]]);
  });
});
