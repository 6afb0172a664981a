// Output values over 128 KiB (`MAX_INLINE_VALUE_BYTES`) are stored in R2 and travel through the run by reference,
// so a run's SQLite rows and events stay small. A reference is resolved back to the value when a block receives it.
import { jsonLongerThan } from "../engine/json-limits";
import { DEFAULT_INLINE_VALUE_BYTES } from "./run-limits";

const REF_KEY = "$agentflare_ref";

export type ValueRef = { [REF_KEY]: string; size: number };

const isRef = (v: unknown): v is ValueRef =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as Record<string, unknown>)[REF_KEY] === "string";

/** Replaces every output value larger than `limitBytes` (bytes of JSON) with a reference to its R2 copy. */
export async function offloadLarge(
  bucket: R2Bucket,
  prefix: string,
  outputs: ReadonlyArray<readonly [string, unknown]>,
  onBlob: (key: string) => void,
  beforeIo: () => void = () => {},
  limitBytes: number = DEFAULT_INLINE_VALUE_BYTES,
): Promise<[string, unknown][]> {
  // The common case (small values) costs one bounded walk and no encoding.
  if (outputs.every(([, value]) => !jsonLongerThan(value, limitBytes / 3))) return outputs as [string, unknown][];
  beforeIo();
  const result: [string, unknown][] = [];
  for (const [pin, value] of outputs) {
    const encoded = value === undefined ? undefined : JSON.stringify(value);
    if (encoded === undefined || new TextEncoder().encode(encoded).byteLength <= limitBytes) {
      result.push([pin, value]);
      continue;
    }
    const key = `${prefix}values/${crypto.randomUUID()}.json`;
    await bucket.put(key, encoded, { httpMetadata: { contentType: "application/json" } });
    onBlob(key);
    result.push([pin, { [REF_KEY]: key, size: encoded.length }]);
  }
  return result;
}

/**
 * Resolves references among a node's input values (top level and one level into dynamic pins). `beforeIo` runs
 * once before the first read from R2.
 */
export async function resolveRefs(
  bucket: R2Bucket,
  input: Record<string, unknown>,
  beforeIo: () => void = () => {},
): Promise<Record<string, unknown>> {
  let copy: Record<string, unknown> | undefined;
  let first = true;
  const load = (ref: ValueRef) => {
    if (first) beforeIo();
    first = false;
    return loadRef(bucket, ref);
  };
  for (const [key, value] of Object.entries(input)) {
    if (isRef(value)) {
      copy ??= { ...input };
      copy[key] = await load(value);
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) {
        if (!isRef(v)) continue;
        copy ??= { ...input };
        copy[key] = { ...(copy[key] as Record<string, unknown>), [inner]: await load(v) };
      }
    }
  }
  return copy ?? input;
}

async function loadRef(bucket: R2Bucket, ref: ValueRef): Promise<unknown> {
  const object = await bucket.get(ref[REF_KEY]);
  if (!object) throw new Error(`A large value this node needs is gone from storage (${ref[REF_KEY]})`);
  return JSON.parse(await object.text());
}

/** A run's `{name: [values]}` outputs with references replaced by their values (what an API caller wants). */
export async function resolveOutputRefs(
  bucket: R2Bucket,
  outputs: Record<string, unknown[]>,
  budgetBytes = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown[]>> {
  if (!Object.values(outputs).some((values) => values.some(isRef))) return outputs;
  // Past the budget references stay references: a run's answer must fit one RPC message (32 MiB).
  let left = budgetBytes;
  const resolved: Record<string, unknown[]> = {};
  for (const [name, values] of Object.entries(outputs)) {
    resolved[name] = [];
    for (const v of values) {
      if (isRef(v) && v.size <= left) {
        left -= v.size;
        resolved[name].push(await loadRef(bucket, v));
      } else resolved[name].push(v);
    }
  }
  return resolved;
}
