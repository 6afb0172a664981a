// Pin types (for colours and labels) and which output may feed which input.
import { compatiblePins } from "../../../../graph/type-compat";
import { enumOptions, isSchema, type JsonSchema, nonNullVariants } from "./json-schema";

export const PIN_TYPES = ["string", "number", "boolean", "object", "array", "file", "credentials", "any"] as const;
export type PinType = (typeof PIN_TYPES)[number];

/** Words a person reads in a refusal message. */
export const PIN_TYPE_LABEL: Record<PinType, string> = {
  string: "text",
  number: "number",
  boolean: "true/false",
  object: "object",
  array: "list",
  file: "file",
  credentials: "credentials",
  any: "any value",
};

/** Handle colours (also used by the legend); chosen to stay distinguishable on white and dark backgrounds. */
export const PIN_TYPE_COLOR: Record<PinType, string> = {
  string: "#2f9e44",
  number: "#1c7ed6",
  boolean: "#e8590c",
  object: "#9c36b5",
  array: "#0c8599",
  file: "#c2255c",
  credentials: "#f59f00",
  any: "#868e96",
};

function singleType(schema: JsonSchema): PinType {
  if (schema.credentials_provider) return "credentials";
  if (schema.format === "file" || schema.format === "uri-file") return "file";
  const t = Array.isArray(schema.type) ? schema.type.filter((x) => x !== "null") : schema.type;
  const name = Array.isArray(t) ? (t.length === 1 ? t[0] : undefined) : t;
  switch (name) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "object":
      return "object";
    case "array":
      return "array";
    default:
      if (enumOptions(schema)?.every((o) => typeof o === "string")) return "string";
      if (isSchema(schema.properties)) return "object";
      return "any";
  }
}

/**
 * The pin type of a field's schema.
 * @example pinTypeOf({ anyOf: [{ type: "integer" }, { type: "null" }] }) // "number"
 */
export function pinTypeOf(schema: JsonSchema | undefined): PinType {
  if (!schema) return "any";
  const variants = nonNullVariants(schema);
  if (variants.length === 0) return "any";
  const types = new Set(variants.map(singleType));
  if (types.size === 1) return [...types][0] ?? "any";
  return "any";
}

/** `converts` says what the server will convert (a number fed into a text input becomes text). */
export type Compatibility = { ok: true; converts?: string } | { ok: false; reason: string };

/**
 * Whether an output may feed an input. The rule is the graph domain's own (graph/type-compat.ts, AutoGPT's
 * coercions), so the editor refuses exactly the links the server would reject on save; the reason is worded
 * for a person.
 * @example canFeed({ type: "number" }, { type: "object" }) // { ok: false, reason: "A number output cannot feed an object input" }
 */
export function canFeed(from: JsonSchema | undefined, to: JsonSchema | undefined): Compatibility {
  const a = PIN_TYPE_LABEL[pinTypeOf(from)];
  const b = PIN_TYPE_LABEL[pinTypeOf(to)];
  if (compatiblePins(from, to)) {
    const plain = (t: string) => t !== PIN_TYPE_LABEL.any && t !== PIN_TYPE_LABEL.credentials;
    return a !== b && plain(a) && plain(b) ? { ok: true, converts: `the ${a} is converted to ${b}` } : { ok: true };
  }
  return { ok: false, reason: `${article(a, true)} ${a} output cannot feed ${article(b, false)} ${b} input` };
}

const article = (word: string, capital: boolean) => {
  const an = /^[aeiou]/.test(word);
  return capital ? (an ? "An" : "A") : an ? "an" : "a";
};
