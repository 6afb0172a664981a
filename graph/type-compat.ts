// Can a value of one pin type flow into another? Mirrors AutoGPT's input coercion (backend/util/type.py
// `convert`): almost anything converts to string, boolean and list, numbers parse from strings, dicts come
// from lists and JSON strings. Only pairs no conversion can bridge are a mismatch, e.g. object → number.
import type { JsonSchema } from "./block-catalog";
import { pinTypes } from "./block-catalog";

const NUMERIC = new Set(["number", "integer"]);

/** Whether one concrete source type converts to one concrete sink type. */
function converts(source: string, sink: string): boolean {
  if (source === sink || source === "null") return true;
  if (sink === "string" || sink === "boolean" || sink === "array" || sink === "null") return true;
  if (NUMERIC.has(sink)) return NUMERIC.has(source) || source === "string" || source === "boolean";
  if (sink === "object") return source === "object" || source === "array" || source === "string";
  return true;
}

/**
 * True unless every type the source may yield is clearly unusable by the sink. Pins without a declared
 * type (anything) are compatible with everything.
 * @example compatiblePins({ type: "object" }, { type: "number" }) // false
 */
export function compatiblePins(source: JsonSchema | undefined, sink: JsonSchema | undefined): boolean {
  const from = pinTypes(source);
  const to = pinTypes(sink);
  if (!from || !to) return true;
  return from.some((s) => to.some((t) => converts(s, t)));
}

/** "integer or null" style label for messages. */
export const typeLabel = (schema: JsonSchema | undefined) => pinTypes(schema)?.join(" or ") ?? "any";
