// A canonical text for a JSON value: two values have the same key exactly when `pyEquals` holds (object key
// order does not matter). Lets list blocks compare by hashing, O(n + m), instead of each item against each.

/** @example valueKey({ b: 1, a: [true] }) === valueKey({ a: [true], b: 1 }) */
export function valueKey(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === undefined) return "u";
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(valueKey).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${valueKey((value as Record<string, unknown>)[k])}`).join(",")}}`;
}
