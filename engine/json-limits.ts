// One limit on how deeply JSON may nest, checked wherever a value enters: request bodies, run inputs,
// review data, graph saves and imports, webhook payloads and block outputs. Deep values crash recursive code
// further on (zod, structured clone for Durable Object RPC, JSON.stringify) with "Maximum call stack size
// exceeded", so they are refused at the door. The walk itself is iterative: it cannot overflow.

/** Containers (objects, arrays) one value may nest; `MAX_JSON_DEPTH` overrides. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

export type JsonLimitProblem = { path: string; message: string };

/** `MAX_JSON_DEPTH` from the environment (a positive integer), else the default. */
export function maxJsonDepth(env: { MAX_JSON_DEPTH?: string | number } | undefined): number {
  const n = Number(env?.MAX_JSON_DEPTH);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_JSON_DEPTH;
}

type Frame = { value: unknown; depth: number; key: string; parent: Frame | null };

const pathOf = (frame: Frame): string => {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f; f = f.parent) if (f.key !== "") keys.push(f.key);
  return keys.reverse().join(".");
};

/** The key JSON.parse keeps as data but objects built from it (zod records, spreads) drop or turn into a prototype. */
export const PROTOTYPE_KEY = "__proto__";
export const PROTOTYPE_KEY_REFUSED = "The key __proto__ is not allowed";

/**
 * The first place where `value` nests deeper than `maxDepth` containers, with its dotted path (prefixed by
 * `base`), or null when it fits. With `refusePrototypeKey`, an object key `__proto__` is a problem too: a request
 * body's such key would be dropped silently further on (a zod record skips it), so it is refused instead.
 * @example jsonDepthProblem({ inputs: [[[]]] }, 2) // { path: "inputs.0", message: "Nested deeper than 2 levels" }
 */
export function jsonDepthProblem(
  value: unknown,
  maxDepth: number,
  base = "",
  refusePrototypeKey = false,
): JsonLimitProblem | null {
  const stack: Frame[] = [{ value, depth: 0, key: base, parent: null }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const v = frame.value;
    if (typeof v !== "object" || v === null) continue;
    const depth = frame.depth + 1;
    if (depth > maxDepth) {
      return { path: pathOf(frame), message: `Nested deeper than ${maxDepth} levels (the JSON depth limit)` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, key: String(i), parent: frame });
    } else {
      for (const [key, item] of Object.entries(v)) {
        if (refusePrototypeKey && key === PROTOTYPE_KEY) {
          return { path: pathOf({ value: item, depth, key, parent: frame }), message: PROTOTYPE_KEY_REFUSED };
        }
        stack.push({ value: item, depth, key, parent: frame });
      }
    }
  }
  return null;
}

/**
 * Whether the value's JSON would be longer than `budget` characters, walking only until the budget is spent: a
 * value that repeats one big string a million times answers at once instead of being encoded. Strings count
 * without their escapes, so callers needing bytes leave a margin.
 */
export function jsonLongerThan(value: unknown, budget: number): boolean {
  let left = budget;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") left -= v.length + 2;
    else if (Array.isArray(v)) {
      left -= v.length + 1;
      for (const item of v) stack.push(item);
    } else if (typeof v === "object" && v !== null) {
      left -= 2;
      for (const [key, item] of Object.entries(v)) {
        left -= key.length + 4;
        stack.push(item);
      }
    } else left -= typeof v === "number" ? String(v).length : 5;
    if (left < 0) return true;
  }
  return false;
}

export type OutputBounds = { maxDepth: number; maxChars: number };

/**
 * A block's outputs with every value nested deeper than `maxDepth` or longer than `maxChars` characters of JSON
 * dropped, and the error naming the first one (null when all fit): such a node fails alone instead of poisoning
 * its run's storage and views, or taking its object's memory with one giant encoding.
 */
export function dropUnfitOutputs<T extends readonly [string, unknown]>(
  outputs: T[],
  { maxDepth, maxChars }: OutputBounds,
): { outputs: T[]; error: string | null } {
  let error: string | null = null;
  const kept = outputs.filter(([pin, value]) => {
    let problem: string | null = null;
    if (jsonDepthProblem(value, maxDepth))
      problem = `Output "${pin}" is nested deeper than ${maxDepth} levels (MAX_JSON_DEPTH)`;
    else if (jsonLongerThan(value, maxChars))
      problem = `Output "${pin}" is larger than ${maxChars} characters of JSON (MAX_OUTPUT_VALUE_CHARS)`;
    if (problem && error === null) error = problem;
    return problem === null;
  });
  return { outputs: error === null ? outputs : kept, error };
}
