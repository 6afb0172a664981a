// Test-only blocks of the engine's integration tests: a sleeper that counts its starts (across object
// restarts: module state), a failer, and a flaky one that throws RetryableError a given number of times.
import { z } from "zod";
import { defineBlock, RetryableError } from "../../blocks/contract";

export const SLEEP_BLOCK_ID = "00000000-0000-4000-8000-0000000e0001";
export const FAIL_BLOCK_ID = "00000000-0000-4000-8000-0000000e0002";
export const FLAKY_BLOCK_ID = "00000000-0000-4000-8000-0000000e0003";

/** How many times each `tag` of the sleep block started, across object restarts (module state). */
export const sleepStarts = new Map<string, number>();
const flakyAttempts = new Map<string, number>();

export const sleepBlock = defineBlock({
  id: SLEEP_BLOCK_ID,
  name: "TestSleepBlock",
  description: "Test only: waits `ms` (honouring the abort signal), then passes `value` on.",
  categories: ["BASIC"],
  input: z.object({
    ms: z.number().describe("Milliseconds to wait"),
    value: z.unknown().describe("Passed through"),
    tag: z.string().default("").describe("Counts starts under this tag"),
  }),
  output: z.object({ value: z.unknown().describe("The value") }),
  run: async function* (input, ctx) {
    sleepStarts.set(input.tag, (sleepStarts.get(input.tag) ?? 0) + 1);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, input.ms);
      ctx.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(new Error("aborted"));
      });
    });
    yield ["value", input.value];
  },
  tests: [],
});

export const failBlock = defineBlock({
  id: FAIL_BLOCK_ID,
  name: "TestFailBlock",
  description: "Test only: yields a partial value, then an error.",
  categories: ["BASIC"],
  input: z.object({ message: z.string().describe("The error message") }),
  output: z.object({ partial: z.number().describe("Yielded before failing") }),
  run: async function* (input) {
    yield ["partial", 1];
    yield ["error", input.message];
  },
  tests: [],
});

export const flakyBlock = defineBlock({
  id: FLAKY_BLOCK_ID,
  name: "TestFlakyBlock",
  description: "Test only: throws a RetryableError `failures` times per tag, then succeeds (after `ms`).",
  categories: ["BASIC"],
  input: z.object({
    failures: z.number().describe("Failures before success"),
    tag: z.string().describe("Counter key"),
    ms: z.number().default(0).describe("Milliseconds the succeeding attempt takes"),
  }),
  output: z.object({ attempts: z.number().describe("Attempts it took") }),
  run: async function* (input, ctx) {
    const n = (flakyAttempts.get(input.tag) ?? 0) + 1;
    flakyAttempts.set(input.tag, n);
    if (n <= input.failures) throw new RetryableError(`flaky failure ${n}`);
    if (input.ms > 0) await new Promise((resolve) => setTimeout(resolve, input.ms));
    if (ctx.signal.aborted) throw ctx.signal.reason;
    yield ["attempts", n];
  },
  tests: [],
});
