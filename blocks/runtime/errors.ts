// Errors raised by `executeBlock`. Each one names the block it came from so the engine can report
// "node X (CalculatorBlock) failed: ..." without knowing how the block is written.
import { RetryableError } from "../contract";

export type BlockRef = { id: string; name: string };

/** A field-level problem in a block's input, path dotted like the API's 400 details (`values.0.name`). */
export type BlockFieldIssue = { path: string; message: string };

/** Base of every failure a block execution can raise (except `BlockRetryableError`, see below). */
export class BlockError extends Error {
  override name = "BlockError";
  readonly blockId: string;
  readonly blockName: string;

  constructor(block: BlockRef, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.blockId = block.id;
    this.blockName = block.name;
  }
}

/** The input did not match the block's schema; nothing ran. */
export class BlockInputError extends BlockError {
  override name = "BlockInputError";
  readonly issues: BlockFieldIssue[];

  constructor(block: BlockRef, issues: BlockFieldIssue[]) {
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    super(block, `Invalid input for ${block.name}: ${summary}`);
    this.issues = issues;
  }
}

/** The block yielded a value its output pin does not accept, or a pin it does not declare. */
export class BlockOutputError extends BlockError {
  override name = "BlockOutputError";
  readonly pin: string;

  constructor(block: BlockRef, pin: string, message: string) {
    super(block, `${block.name} produced an invalid output on pin "${pin}": ${message}`);
    this.pin = pin;
  }
}

/** The block threw. `cause` is the original error; retries will not help. */
export class BlockExecutionError extends BlockError {
  override name = "BlockExecutionError";

  constructor(block: BlockRef, cause: unknown) {
    super(block, `${block.name} failed: ${messageOf(cause)}`, { cause });
  }
}

/**
 * The block threw a `RetryableError`. It stays an instance of `RetryableError` (so `instanceof`
 * checks in the engine's retry policy keep working) and carries the block reference too.
 */
export class BlockRetryableError extends RetryableError {
  override name = "BlockRetryableError";
  readonly blockId: string;
  readonly blockName: string;

  constructor(block: BlockRef, cause: RetryableError) {
    super(`${block.name} failed (retryable): ${cause.message}`, cause.retryAfterMs);
    this.blockId = block.id;
    this.blockName = block.name;
    this.cause = cause;
  }
}

export const messageOf = (err: unknown): string =>
  err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err);
