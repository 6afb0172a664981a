// Output values over 128 KiB are stored in R2 and travel through the run by reference, so a run's SQLite
// rows and events stay small. A reference is resolved back to the value when a block receives it.
const LIMIT_BYTES = 128 * 1024;
const REF_KEY = "$agentflare_ref";

export type ValueRef = { [REF_KEY]: string; size: number };

const isRef = (v: unknown): v is ValueRef =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as Record<string, unknown>)[REF_KEY] === "string";

/** Replaces every output value larger than the limit with a reference to its R2 copy. */
export async function offloadLarge(
  bucket: R2Bucket,
  prefix: string,
  outputs: ReadonlyArray<readonly [string, unknown]>,
  onBlob: (key: string) => void,
): Promise<[string, unknown][]> {
  const result: [string, unknown][] = [];
  for (const [pin, value] of outputs) {
    const encoded = value === undefined ? undefined : JSON.stringify(value);
    if (
      encoded === undefined ||
      encoded.length <= LIMIT_BYTES / 2 ||
      new TextEncoder().encode(encoded).byteLength <= LIMIT_BYTES
    ) {
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

/** Resolves references among a node's input values (top level and one level into dynamic pins). */
export async function resolveRefs(bucket: R2Bucket, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(input)) {
    if (isRef(value)) {
      copy ??= { ...input };
      copy[key] = await load(bucket, value);
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) {
        if (!isRef(v)) continue;
        copy ??= { ...input };
        copy[key] = { ...(copy[key] as Record<string, unknown>), [inner]: await load(bucket, v) };
      }
    }
  }
  return copy ?? input;
}

async function load(bucket: R2Bucket, ref: ValueRef): Promise<unknown> {
  const object = await bucket.get(ref[REF_KEY]);
  if (!object) throw new Error(`A large value this node needs is gone from storage (${ref[REF_KEY]})`);
  return JSON.parse(await object.text());
}
