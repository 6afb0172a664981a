// Runs one test vector the way the engine runs a node: errors thrown by the block (bad input,
// bad output, exceptions) become an `error` output, as AutoGPT's executor routes them.
import type { AnyBlock, BlockTestVector } from "../contract";
import { messageOf } from "./errors";
import { type BlockOutput, executeBlock } from "./execute";
import { inMemoryContext } from "./in-memory-context";
import { createTestContext } from "./test-context";
import { matchOutputs, type VectorMismatch } from "./vector-matching";

export async function runVector(
  block: AnyBlock,
  vector: BlockTestVector,
): Promise<{ outputs: BlockOutput[]; mismatches: VectorMismatch[] }> {
  const fake = createTestContext(vector.ctx);
  // As in a run: a block declared in-memory gets a ctx whose I/O throws, so its vectors prove the flag.
  const ctx = block.inMemory ? inMemoryContext(block.name, fake) : fake;
  const outputs: BlockOutput[] = [];
  try {
    for await (const output of executeBlock(block, vector.input, ctx)) outputs.push(output);
  } catch (err) {
    outputs.push(["error", messageOf(err)]);
  }
  return { outputs, mismatches: matchOutputs(outputs, vector.expect) };
}
