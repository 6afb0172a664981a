// The credentials a graph needs, merged across its nodes the way AutoGPT's Graph.aggregate_credentials_inputs
// does: every block input named `credentials` or `*_credentials` whose schema carries `credentials_provider` /
// `credentials_types` is one need; a field with a `discriminator` (LLM blocks: `model`) narrows to the provider
// the node's discriminator value maps to. Needs of the same provider(s) and type(s) share one graph-level field,
// keyed `<providers>_<types>_credentials` (`openai_api_key_credentials`), which is what a run supplies in
// `credentials_inputs`. Pure: no storage.
import type { BlockCatalog, JsonSchema } from "./block-catalog";
import type { BaseGraph, GraphNode } from "./schema";

export const isCredentialsField = (name: string) => name === "credentials" || name.endsWith("_credentials");

export type CredentialsTarget = { nodeId: string; field: string; optional: boolean };

export type CredentialsNeed = {
  /** The graph-level field name (`jina_api_key_credentials`). */
  key: string;
  providers: string[];
  types: string[];
  /** The merged field schema (AutoGPT's credentials field JSON Schema, narrowed by the discriminator). */
  schema: JsonSchema;
  /** Required unless every node using it has `metadata.credentials_optional`. */
  required: boolean;
  targets: CredentialsTarget[];
};

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** The providers a node's credentials field takes, after the discriminator (if any) picks one. */
function nodeProviders(
  node: GraphNode,
  schema: JsonSchema,
  blockInput: JsonSchema,
): { providers: string[]; discriminatorValue?: string } {
  const providers = strings(schema.credentials_provider);
  const discriminator = typeof schema.discriminator === "string" ? schema.discriminator : undefined;
  const mapping = schema.discriminator_mapping as Record<string, unknown> | undefined;
  if (!discriminator || !mapping) return { providers };
  const value = node.input_default[discriminator] ?? blockInput.properties?.[discriminator]?.default;
  if (typeof value !== "string") return { providers };
  const provider = mapping[value];
  return typeof provider === "string" ? { providers: [provider], discriminatorValue: value } : { providers };
}

function narrowed(schema: JsonSchema, providers: string[], discriminatorValues: string[]): JsonSchema {
  const properties = { ...(schema.properties ?? {}) };
  if (providers.length === 1) properties.provider = { const: providers[0], title: "Provider", type: "string" };
  else properties.provider = { enum: providers, title: "Provider", type: "string" };
  return {
    ...schema,
    credentials_provider: providers,
    properties,
    ...(schema.discriminator ? { discriminator_values: discriminatorValues } : {}),
  };
}

/**
 * @example credentialsNeeds(graph, blockCatalog).get("jina_api_key_credentials")?.targets
 */
export function credentialsNeeds(graph: Pick<BaseGraph, "nodes">, catalog: BlockCatalog): Map<string, CredentialsNeed> {
  const needs = new Map<string, CredentialsNeed & { values: Set<string> }>();
  for (const node of graph.nodes) {
    const input = catalog(node.block_id)?.input;
    for (const [field, schema] of Object.entries(input?.properties ?? {})) {
      if (!isCredentialsField(field) || !schema.credentials_provider) continue;
      const { providers, discriminatorValue } = nodeProviders(node, schema, input as JsonSchema);
      const types = strings(schema.credentials_types);
      const key = `${[...providers].sort().join("_")}_${[...types].sort().join("_")}_credentials`;
      const optional = node.metadata.credentials_optional === true;
      let need = needs.get(key);
      if (!need) {
        need = { key, providers, types, schema, required: false, targets: [], values: new Set() };
        needs.set(key, need);
      }
      if (discriminatorValue) need.values.add(discriminatorValue);
      need.required ||= !optional;
      need.targets.push({ nodeId: node.id, field, optional });
    }
  }
  const out = new Map<string, CredentialsNeed>();
  for (const [key, { values, ...need }] of needs) {
    out.set(key, { ...need, schema: narrowed(need.schema, need.providers, [...values].sort()) });
  }
  return out;
}

/** AutoGPT's `credentials_input_schema`: one property per graph-level credentials field. */
export function credentialsInputSchema(graph: BaseGraph, catalog: BlockCatalog): JsonSchema {
  const needs = [...credentialsNeeds(graph, catalog).values()];
  return {
    properties: Object.fromEntries(needs.map((n) => [n.key, n.schema])),
    required: needs.filter((n) => n.required).map((n) => n.key),
    title: `${graph.name.replace(/[^A-Za-z0-9]/g, "")}CredentialsInputSchema`,
    type: "object",
  };
}
