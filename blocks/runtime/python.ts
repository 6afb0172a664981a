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
