// A graph's computed input_schema and output_schema, as AutoGPT's BaseGraph._generate_schema builds them:
// one property per INPUT (or OUTPUT) node, keyed by the node's `name`, typed by its block's `value` pin
// (a number input gives an integer, a toggle a boolean, ...), with title, description, secret, advanced
// and default = the node's value. Inputs and outputs whose value is null/absent are required.
import type { BlockCatalog, CatalogBlock, JsonSchema } from "./block-catalog";
import type { BaseGraph, GraphNode } from "./schema";

export type GraphIoSchema = {
  type: "object";
  properties: Record<string, JsonSchema>;
  required: string[];
};

/** Keys of the `value` pin schema that describe the pin, not the graph field built from it. */
const DROPPED_VALUE_KEYS = new Set(["description", "default", "title"]);

const nodesOfType = (graph: BaseGraph, catalog: BlockCatalog, blockType: string) =>
  graph.nodes.flatMap((node) => {
    const block = catalog(node.block_id);
    return block?.blockType === blockType ? [{ node, block }] : [];
  });

/**
 * AutoGPT's AgentTableInputBlock.Input.generate_schema: the rows are objects with one string column per header,
 * so a run form can offer a table with those columns.
 */
function tableItems(node: GraphNode, block: CatalogBlock): JsonSchema | undefined {
  if (block.input.properties?.column_headers === undefined) return undefined;
  const own = node.input_default.column_headers;
  const fallback = block.input.properties.column_headers.default;
  const headers = (Array.isArray(own) ? own : Array.isArray(fallback) ? fallback : []).filter(
    (h): h is string => typeof h === "string",
  );
  return { type: "object", properties: Object.fromEntries(headers.map((h) => [h, { type: "string" }])) };
}

function fieldSchema(node: GraphNode, valueSchema: JsonSchema | undefined): [string, JsonSchema] | undefined {
  const d = node.input_default;
  if (typeof d.name !== "string" || d.name === "") return undefined;
  const value = d.value ?? null;
  const property: JsonSchema = {};
  for (const [key, v] of Object.entries(valueSchema ?? {})) if (!DROPPED_VALUE_KEYS.has(key)) property[key] = v;
  // AutoGPT's AgentInputBlock.Input.generate_schema: placeholder values become the allowed choices.
  if (Array.isArray(d.placeholder_values) && d.placeholder_values.length > 0) property.enum = d.placeholder_values;
  property.secret = d.secret === true;
  // AutoGPT: an advanced field must have a default, so a field without one is never advanced.
  property.advanced = d.advanced === true && value !== null;
  property.title = typeof d.title === "string" && d.title !== "" ? d.title : d.name;
  if (typeof d.description === "string" && d.description !== "") property.description = d.description;
  if (value !== null) property.default = value;
  return [d.name, property];
}

function ioSchema(graph: BaseGraph, catalog: BlockCatalog, blockType: "INPUT" | "OUTPUT"): GraphIoSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const { node, block } of nodesOfType(graph, catalog, blockType)) {
    const field = fieldSchema(node, block.input.properties?.value);
    if (!field) continue;
    const [name, property] = field;
    const items = blockType === "INPUT" ? tableItems(node, block) : undefined;
    if (items) property.items = items;
    properties[name] = property;
    if (property.default === undefined && !required.includes(name)) required.push(name);
  }
  return { type: "object", properties, required };
}

/**
 * The graph's inputs as a JSON Schema object (what `POST /graphs/:id/execute` takes as `inputs`).
 * @example graphInputSchema(graph, blockCatalog).required // ["Address"]
 */
export const graphInputSchema = (graph: BaseGraph, catalog: BlockCatalog) => ioSchema(graph, catalog, "INPUT");

/** The graph's outputs as a JSON Schema object (one property per output node name). */
export const graphOutputSchema = (graph: BaseGraph, catalog: BlockCatalog) => ioSchema(graph, catalog, "OUTPUT");
