// Which form control a node card shows for an input field, from its JSON Schema.
import { enumOptions, type JsonSchema, nonNullVariants } from "./json-schema";
import { pinTypeOf } from "./pin-types";

export type FieldKind = "text" | "longtext" | "number" | "toggle" | "select" | "json" | "credentials" | "secret";

/** Fields whose text is usually multi-line (templates, prompts, code) even when the schema does not say so. */
const LONG_TEXT_NAMES = new Set(["format", "prompt", "sys_prompt", "text", "body", "code", "template", "input_xml"]);

/**
 * @example fieldKindOf("format", { type: "string" }) // "longtext"
 * @example fieldKindOf("operation", { enum: ["Add", "Subtract"] }) // "select"
 */
export function fieldKindOf(name: string, schema: JsonSchema): FieldKind {
  if (enumOptions(schema)) return "select";
  const type = pinTypeOf(schema);
  if (type === "credentials") return "credentials";
  if (type === "boolean") return "toggle";
  if (type === "number") return "number";
  if (type === "object" || type === "array") return "json";
  if (schema.secret === true) return "secret";
  const long = nonNullVariants(schema).some((s) => s.format === "long-text" || s.format === "multiline");
  if (long || LONG_TEXT_NAMES.has(name)) return "longtext";
  return "text";
}

/** The text a JSON field shows for a stored value. */
export const jsonFieldText = (value: unknown): string => (value === undefined ? "" : JSON.stringify(value, null, 2));

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** Parse what a person typed into a field of the given kind; empty input clears the value. */
export function parseFieldInput(kind: FieldKind, text: string): Parsed {
  if (text.trim() === "" && kind !== "text" && kind !== "longtext") return { ok: true, value: undefined };
  if (kind === "number") {
    const n = Number(text);
    return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: "Not a number" };
  }
  if (kind === "json") {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false, error: "Not valid JSON" };
    }
  }
  return { ok: true, value: text };
}
