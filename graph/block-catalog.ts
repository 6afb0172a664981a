// What the graph domain needs to know about a block: its kind and its pins as JSON Schema. A lookup
// function rather than the registry itself, so the editor can validate with the catalog it fetched from
// GET /api/v1/blocks while the Worker and the Durable Object use the registry (blocks/catalog.ts).

import type { JsonSchema } from "./json-schema";

export type { JsonSchema };

export type CatalogBlock = {
  id: string;
  name: string;
  /** AutoGPT's BlockType: STANDARD, INPUT, OUTPUT, NOTE, AGENT, AI, WEBHOOK, HUMAN_IN_THE_LOOP. */
  blockType: string;
  /** Outgoing links of this block are forced static. */
  staticOutput: boolean;
  /** Input pins (JSON Schema object; `required` = inputs without default). */
  input: JsonSchema;
  /** Output pins (JSON Schema object), `error` included. */
  output: JsonSchema;
  /** Yields pins it does not declare (AGENT blocks take theirs from the node's `output_schema`). */
  dynamicOutput?: boolean;
};

/** Finds a block by id; undefined when this platform does not have it. */
export type BlockCatalog = (blockId: string) => CatalogBlock | undefined;

/** JSON Schema type names a pin accepts or yields; undefined = anything. */
export function pinTypes(schema: JsonSchema | undefined): string[] | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length > 0) {
    const types = variants.map(pinTypes);
    if (types.some((t) => t === undefined)) return undefined;
    return [...new Set(types.flat() as string[])];
  }
  if (Array.isArray(schema.enum)) {
    const kinds = new Set(schema.enum.map((v) => (v === null ? "null" : typeof v)));
    return [...kinds];
  }
  return undefined;
}

/** The schema an object or array schema gives a member (`_#_key`, `_@_attr`, `_$_0`); undefined = anything. */
export function memberSchema(
  schema: JsonSchema | undefined,
  key: string,
  kind: "item" | "key",
): JsonSchema | undefined {
  if (!schema) return undefined;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) {
    const found = variants.map((v) => memberSchema(v, key, kind)).filter((v) => v !== undefined);
    return found.length === 1 ? found[0] : undefined;
  }
  if (kind === "item") return typeof schema.items === "object" ? schema.items : undefined;
  const property = schema.properties?.[key];
  if (property) return property;
  return typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
}
