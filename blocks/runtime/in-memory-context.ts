// The ctx an in-memory block (`inMemory: true`) runs with: every way out of the block throws, so the flag the
// engine relies on (no I/O, finishes in the turn it starts in) cannot silently become untrue.
import type { BlockContext } from "../contract";

const refuse = (blockName: string, what: string) => () => {
  throw new Error(`${blockName} is declared inMemory and cannot use ctx.${what}`);
};

/** @example const ctx = block.inMemory ? inMemoryContext(block.name, fullCtx) : fullCtx; */
export function inMemoryContext(blockName: string, ctx: BlockContext): BlockContext {
  return {
    ...ctx,
    fetch: refuse(blockName, "fetch"),
    endpointFetch: refuse(blockName, "endpointFetch"),
    files: { put: refuse(blockName, "files.put"), get: refuse(blockName, "files.get") },
    kv: { get: refuse(blockName, "kv.get"), set: refuse(blockName, "kv.set") },
    credentials: { get: refuse(blockName, "credentials.get") },
    engine: undefined,
  };
}
