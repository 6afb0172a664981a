// Python semantics AutoGPT blocks rely on (truthiness, str(), json.dumps spacing), so a graph built
// on AutoGPT behaves the same here.

/** Python truthiness: None, False, 0, "", [] and {} are false. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Number.isNaN(value)) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Python's json.dumps default spacing: `{"a": 1, "b": [1, 2]}`. */
export function pyJsonDumps(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) {
      return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${pyJsonDumps(v)}`)
    .join(", ")}}`;
}

/** Text of a value the way blocks turn arbitrary input into a string: strings unchanged, others as JSON. */
export const asText = (value: unknown): string => (typeof value === "string" ? value : pyJsonDumps(value));

/** Python float() of a string or number; throws like Python on junk. */
export function pyFloat(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
    if (text === "nan") return Number.NaN;
    if (/^[+-]?(\d+(_\d+)*)?(\.\d*)?(e[+-]?\d+)?$/.test(text) && /\d/.test(text)) {
      return Number(text.replaceAll("_", ""));
    }
  }
  throw new Error(`could not convert to float: ${JSON.stringify(value)}`);
}

/** Python `==` on JSON-like values: structural, key order ignored, 1 == 1.0 (JS numbers already are). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => pyEquals(v, b[i]));
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return (
    ka.length === Object.keys(b).length &&
    ka.every((k) => Object.hasOwn(rb, k) && pyEquals((a as Record<string, unknown>)[k], rb[k]))
  );
}

/** A Python list index (negative counts from the end) as a JS index, or undefined when out of range. */
export function pyIndex(length: number, index: number): number | undefined {
  const i = index < 0 ? length + index : index;
  return i >= 0 && i < length ? i : undefined;
}

/** The target types of UniversalTypeConverter (AutoGPT's str, float, bool, list, dict). */
export type ConvertTarget = "string" | "number" | "boolean" | "list" | "dictionary";

/**
 * AutoGPT's util/type.py `convert` for the five target types. One deliberate difference: text that is
 * not a number is an error here, where AutoGPT silently gives 0.
 */
export function pyConvert(value: unknown, type: ConvertTarget): unknown {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : pyJsonDumps(value);
    case "number":
      if (Array.isArray(value)) return value.length;
      if (value && typeof value === "object") return Object.keys(value).length;
      return pyFloat(value);
    case "boolean":
      if (typeof value === "string") return ["true", "1"].includes(value.toLowerCase());
      return pyTruthy(value);
    case "list": {
      if (Array.isArray(value)) return value;
      if (value && typeof value === "object") return Object.entries(value);
      if (typeof value === "string") {
        const text = value.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
          const parsed = tryJson(text);
          if (parsed !== undefined) return parsed;
        }
      }
      return [value];
    }
    case "dictionary": {
      if (value && typeof value === "object" && !Array.isArray(value)) return value;
      if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
      if (typeof value === "string") {
        const parsed = tryJson(value);
        if (parsed === undefined) return { value };
        return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : { value: parsed };
      }
      return { value };
    }
  }
}

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
