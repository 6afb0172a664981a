// The slice of JSON Schema the editor reads from block and graph schemas (AutoGPT-style field extras included).
// Schemas arrive from the API as plain JSON, so every reader here is defensive about shapes.
import type { JsonSchema } from "../../../../graph/json-schema";

export type { JsonSchema };

export const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The variants of a union schema without the `null` member (pydantic's `Optional[X]` is `anyOf [X, null]`). */
export function nonNullVariants(schema: JsonSchema): JsonSchema[] {
  const union = schema.anyOf ?? schema.oneOf;
  if (!union) return [schema];
  return union.filter((s) => isSchema(s) && s.type !== "null");
}

/** The properties of an object schema, in declaration order. */
export function propertiesOf(schema: JsonSchema | undefined): [string, JsonSchema][] {
  if (!schema || !isSchema(schema.properties)) return [];
  return Object.entries(schema.properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]));
}

/** Options of an enum field, whether written as `enum` or as `anyOf` of consts. */
export function enumOptions(schema: JsonSchema): unknown[] | undefined {
  for (const variant of nonNullVariants(schema)) {
    if (Array.isArray(variant.enum)) return variant.enum;
    if (variant.anyOf?.every((s) => "const" in s)) return variant.anyOf.map((s) => s.const);
  }
  return undefined;
}
