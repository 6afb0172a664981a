// JSON Schema of a block's input and output pins, straight from zod 4. The editor builds its forms
// from it and the graph validator compares link types with it. AutoGPT-style extras set through
// `.meta({...})` (title, advanced, secret, placeholder, ...) pass through untouched.
import { z } from "zod";
import type { JsonSchema } from "../../graph/json-schema";
import type { AnyBlock } from "../contract";

export type { JsonSchema };

export type BlockJsonSchemas = { input: JsonSchema; output: JsonSchema };

const cache = new WeakMap<AnyBlock, BlockJsonSchemas>();

/**
 * The input schema (`io: "input"`: fields with defaults are optional) and the output schema of a
 * block, computed once per block object.
 *
 * @example
 * const { input } = blockJsonSchemas(getBlock(CALCULATOR_ID)!);
 * input.properties?.operation?.enum; // ["Add", "Subtract", ...]
 */
export function blockJsonSchemas(block: AnyBlock): BlockJsonSchemas {
  let schemas = cache.get(block);
  if (!schemas) {
    schemas = {
      input: toJsonSchema(block.input, "input"),
      output: toJsonSchema(block.output, "output"),
    };
    cache.set(block, schemas);
  }
  return schemas;
}

function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    // Pins typed with z.custom/z.date have no JSON form; they accept anything in the editor.
    unrepresentable: "any",
    reused: "inline",
  }) as JsonSchema;
  delete json.$schema;
  // Output objects are closed in zod's output mode; pins are a list, not a closed record, so drop it
  // at the top level (dynamic pins `name_#_key` are resolved by the graph validator).
  if (io === "output") delete json.additionalProperties;
  return json;
}

/** JSON Schema `type` of a pin (a JSON-Schema type name or undefined when the pin takes anything). */
export function pinType(schema: JsonSchema | undefined): string[] | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) {
    const types = variants.map(pinType);
    if (types.some((t) => t === undefined)) return undefined;
    return [...new Set(types.flat() as string[])];
  }
  return undefined;
}
