// The one way a block runs, for the engine and for the block tests alike: validate the input,
// run the generator, check every yielded value against its pin, wrap anything thrown.
import type { z } from "zod";
import { type AnyBlock, type BlockContext, RetryableError } from "../contract";
import {
  BlockError,
  BlockExecutionError,
  BlockInputError,
  BlockOutputError,
  BlockRetryableError,
  messageOf,
} from "./errors";

/** One output of a block: the pin name and the value. */
export type BlockOutput = readonly [pin: string, value: unknown];

/** What the generator returns when it finishes: `failed` is true when the block yielded `error`. */
export type BlockRunSummary = { failed: boolean; error?: string };

/** Zod issues → `{path, message}` with dotted paths. */
export const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));

/**
 * Runs a block and yields `[pin, value]` in the order the block produces them.
 *
 * - The input is parsed with the block's zod schema first (defaults applied); a mismatch throws
 *   `BlockInputError` with field paths and the block never runs.
 * - For STANDARD blocks every value is checked against its output pin (`BlockOutputError`).
 *   Pins the block does not declare are refused unless the block has `dynamicOutput`.
 * - A yielded `error` is passed through, ends the run, and the summary says `failed` — like
 *   AutoGPT, the engine marks the node FAILED and still routes the message to the `error` pin.
 * - Anything the block throws is wrapped: `BlockRetryableError` (still a `RetryableError`) or
 *   `BlockExecutionError`, both carrying the block's id and name.
 *
 * @example
 * for await (const [pin, value] of executeBlock(getBlock(id)!, node.input_default, ctx)) route(pin, value);
 */
export async function* executeBlock(
  block: AnyBlock,
  rawInput: unknown,
  ctx: BlockContext,
): AsyncGenerator<BlockOutput, BlockRunSummary, undefined> {
  const parsed = block.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new BlockInputError(block, issuesOf(parsed.error));

  const pins = block.output.shape as Record<string, z.ZodType>;
  const checkValues = block.blockType === "STANDARD";
  let generator: AsyncGenerator<readonly [string, unknown], void, undefined>;
  try {
    generator = block.run(parsed.data, ctx);
  } catch (err) {
    throw wrap(block, err);
  }

  while (true) {
    let step: IteratorResult<readonly [string, unknown], void>;
    try {
      step = await generator.next();
    } catch (err) {
      throw wrap(block, err);
    }
    if (step.done) return { failed: false };
    const [pin, value] = step.value;

    if (pin === "error") {
      const message = typeof value === "string" ? value : messageOf(value);
      yield ["error", message];
      // Stop the block the way AutoGPT does (it raises on a yielded error): nothing after it runs.
      await generator.return(undefined).catch(() => undefined);
      return { failed: true, error: message };
    }

    // SmartDecisionMaker's tool calls go out on `tools_^_{node}_~_{field}`, all of them the `tools` pin.
    const schema = pins[pin] ?? (pin.startsWith("tools_^_") ? pins.tools : undefined);
    if (!schema) {
      if (!block.dynamicOutput) {
        await generator.return(undefined).catch(() => undefined);
        throw new BlockOutputError(block, pin, "the block has no such output pin");
      }
    } else if (checkValues) {
      const check = schema.safeParse(value);
      if (!check.success) {
        await generator.return(undefined).catch(() => undefined);
        const detail = issuesOf(check.error)
          .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
          .join("; ");
        throw new BlockOutputError(block, pin, detail);
      }
    }
    yield [pin, value];
  }
}

function wrap(block: AnyBlock, err: unknown): Error {
  if (err instanceof BlockError || err instanceof BlockRetryableError) return err;
  if (err instanceof RetryableError) return new BlockRetryableError(block, err);
  return new BlockExecutionError(block, err);
}

/**
 * Collects every output of a run (tests, the "run one block" API). Throws what `executeBlock` throws.
 *
 * @example
 * const { outputs, failed } = await collectBlockOutputs(block, { a: 1, b: 2, operation: "Add" }, ctx);
 */
export async function collectBlockOutputs(
  block: AnyBlock,
  rawInput: unknown,
  ctx: BlockContext,
): Promise<{ outputs: BlockOutput[] } & BlockRunSummary> {
  const outputs: BlockOutput[] = [];
  const run = executeBlock(block, rawInput, ctx);
  while (true) {
    const step = await run.next();
    if (step.done) return { outputs, ...step.value };
    outputs.push(step.value);
  }
}
