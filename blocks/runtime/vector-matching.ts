// AutoGPT's execute_block_test matching rules: outputs compared in order, each against a literal
// (deep equality) or a predicate; a missing or an extra output fails.
import type { BlockTestVector } from "../contract";
import type { BlockOutput } from "./execute";

export type VectorMismatch = { index: number; message: string };

export function matchOutputs(actual: readonly BlockOutput[], expected: BlockTestVector["expect"]): VectorMismatch[] {
  const problems: VectorMismatch[] = [];
  const count = Math.max(actual.length, expected.length);
  for (let index = 0; index < count; index++) {
    const got = actual[index];
    const want = expected[index];
    if (!got) {
      problems.push({ index, message: `missing output: expected ${describe(want)}` });
      continue;
    }
    if (!want) {
      problems.push({ index, message: `unexpected extra output ${describe(got)}` });
      continue;
    }
    const [pin, value] = got;
    const [wantPin, wantValue] = want;
    if (pin !== wantPin) {
      problems.push({ index, message: `expected pin "${wantPin}", got ${describe(got)}` });
    } else if (typeof wantValue === "function") {
      if (!(wantValue as (v: unknown) => boolean)(value)) {
        problems.push({ index, message: `predicate for pin "${pin}" rejected ${JSON.stringify(value)}` });
      }
    } else if (!deepEqual(value, wantValue)) {
      problems.push({
        index,
        message: `pin "${pin}": expected ${JSON.stringify(wantValue)}, got ${JSON.stringify(value)}`,
      });
    }
  }
  return problems;
}

const describe = (output: readonly [string, unknown] | undefined) =>
  output
    ? `["${output[0]}", ${typeof output[1] === "function" ? "<predicate>" : JSON.stringify(output[1])}]`
    : "nothing";

/** Structural equality of JSON-like values (key order ignored, NaN equals NaN). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
