// Graph validation: every problem at once, each naming the node and pin, so the editor can mark them all
// and the API can answer one 400 with every detail. Errors block a save; warnings (required inputs still
// empty, placeholder blocks from an import) are returned with the saved graph. Before a run, the
// warnings that make a run impossible become errors (assertRunnable).
import type { BlockCatalog, CatalogBlock, JsonSchema } from "./block-catalog";
import { memberSchema } from "./block-catalog";
import { basePinName, DYNAMIC_DELIMITERS, LIST_SPLIT, sanitizePinName } from "./dynamic-pins";
import { AGENT_EXECUTOR_BLOCK_ID, type BaseGraph, type Graph, type GraphNode, isPlaceholderNode } from "./schema";
import { compatiblePins, typeLabel } from "./type-compat";

/** One problem: `path` is dotted (`nodes.<node_id>.<pin>`, `links.3.sink_id`, `sub_graphs.0.…`). */
export type GraphProblem = { path: string; message: string; node_id?: string; pin?: string };
export type GraphValidation = { errors: GraphProblem[]; warnings: GraphProblem[] };

export type ValidateOptions = {
  /** Accept unknown blocks on nodes flagged `metadata.placeholder` (imports, and saves of imported graphs). */
  allowPlaceholders?: boolean;
};

type Problems = GraphValidation & { missingInputs: GraphProblem[]; placeholders: GraphProblem[] };

/** Credentials are supplied per run (credentials vault), not saved as graph inputs. */
const isCredentialsField = (name: string) => name === "credentials" || name.endsWith("_credentials");

const isMissing = (value: unknown) => value === undefined || value === null || value === "";

const objectOf = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** AGENT nodes carry the sub-graph's schemas in their input_default; their pins come from there. */
const nodeSchema = (node: GraphNode, key: "input_schema" | "output_schema"): JsonSchema =>
  objectOf(node.input_default[key]) as JsonSchema;

function inputPins(node: GraphNode, block: CatalogBlock): Record<string, JsonSchema> {
  const own = block.input.properties ?? {};
  if (block.blockType !== "AGENT") return own;
  return { ...own, ...(nodeSchema(node, "input_schema").properties ?? {}) };
}

/** Output pins, or undefined when the block's outputs cannot be known (dynamic, not an AGENT node). */
function outputPins(node: GraphNode, block: CatalogBlock): Record<string, JsonSchema> | undefined {
  const own = block.output.properties ?? {};
  if (block.blockType === "AGENT" || node.block_id === AGENT_EXECUTOR_BLOCK_ID) {
    return { ...(nodeSchema(node, "output_schema").properties ?? {}), error: own.error ?? { type: "string" } };
  }
  return block.dynamicOutput ? undefined : own;
}

/** The schema a dynamic pin name addresses inside its base pin (`values_#_a` → values' member schema). */
function addressedSchema(base: JsonSchema | undefined, pinName: string): JsonSchema | undefined {
  let schema = base;
  let rest = pinName.slice(basePinName(pinName).length);
  while (rest.length > 0 && schema !== undefined) {
    const delimiter = DYNAMIC_DELIMITERS.find((d) => rest.startsWith(d));
    if (!delimiter) return undefined;
    rest = rest.slice(delimiter.length);
    const next = Math.min(...DYNAMIC_DELIMITERS.map((d) => rest.indexOf(d)).filter((i) => i >= 0), rest.length);
    const key = rest.slice(0, next);
    rest = rest.slice(next);
    schema = memberSchema(schema, key, delimiter === LIST_SPLIT ? "item" : "key");
  }
  return schema;
}

function validateOne(graph: BaseGraph, catalog: BlockCatalog, options: ValidateOptions, prefix: string): Problems {
  const p: Problems = { errors: [], warnings: [], missingInputs: [], placeholders: [] };
  const nodes = new Map<string, GraphNode>();
  const blocks = new Map<string, CatalogBlock>();

  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      p.errors.push({ path: `${prefix}nodes.${node.id}`, message: `Duplicate node id ${node.id}`, node_id: node.id });
      continue;
    }
    nodes.set(node.id, node);
    const block = catalog(node.block_id);
    if (block) {
      blocks.set(node.id, block);
      continue;
    }
    const problem = {
      path: `${prefix}nodes.${node.id}.block_id`,
      node_id: node.id,
      message: `Node ${node.id}: unknown block id ${node.block_id}`,
    };
    if (options.allowPlaceholders && isPlaceholderNode(node)) {
      const placeholder = {
        ...problem,
        message: `Node ${node.id}: block ${node.block_id} is not available on this platform; the node is a placeholder and the graph cannot run until it is replaced`,
      };
      p.warnings.push(placeholder);
      p.placeholders.push(placeholder);
    } else {
      p.errors.push(problem);
    }
  }

  const linkedInputs = new Map<string, Set<string>>();
  graph.links.forEach((link, i) => {
    const source = nodes.get(link.source_id);
    const sink = nodes.get(link.sink_id);
    if (!source) {
      p.errors.push({
        path: `${prefix}links.${i}.source_id`,
        message: `Link ${i}: source node ${link.source_id} does not exist`,
        node_id: link.source_id,
      });
    }
    if (!sink) {
      p.errors.push({
        path: `${prefix}links.${i}.sink_id`,
        message: `Link ${i}: sink node ${link.sink_id} does not exist`,
        node_id: link.sink_id,
      });
    }
    if (!source || !sink) return;
    const sinkBase = basePinName(link.sink_name);
    if (!linkedInputs.has(sink.id)) linkedInputs.set(sink.id, new Set());
    linkedInputs.get(sink.id)?.add(sinkBase);

    const sourceBlock = blocks.get(source.id);
    const sinkBlock = blocks.get(sink.id);
    let sourceSchema: JsonSchema | undefined;
    let sinkSchema: JsonSchema | undefined;
    let pinsKnown = true;

    if (sourceBlock) {
      const outputs = outputPins(source, sourceBlock);
      const pin = sanitizePinName(link.source_name);
      if (outputs && !Object.hasOwn(outputs, pin)) {
        pinsKnown = false;
        p.errors.push({
          path: `${prefix}nodes.${source.id}.${link.source_name}`,
          message: `Link ${i}: node ${source.id} (${sourceBlock.name}) has no output pin "${pin}"`,
          node_id: source.id,
          pin: link.source_name,
        });
      } else if (outputs) {
        sourceSchema = addressedSchema(outputs[pin], link.source_name);
      }
    }
    if (sinkBlock) {
      const inputs = inputPins(sink, sinkBlock);
      if (!Object.hasOwn(inputs, sinkBase)) {
        pinsKnown = false;
        p.errors.push({
          path: `${prefix}nodes.${sink.id}.${link.sink_name}`,
          message: `Link ${i}: node ${sink.id} (${sinkBlock.name}) has no input pin "${sinkBase}"`,
          node_id: sink.id,
          pin: link.sink_name,
        });
      } else {
        sinkSchema = addressedSchema(inputs[sinkBase], link.sink_name);
      }
    }
    if (pinsKnown && sourceBlock && sinkBlock && !compatiblePins(sourceSchema, sinkSchema)) {
      p.errors.push({
        path: `${prefix}nodes.${sink.id}.${link.sink_name}`,
        message: `Link ${i}: output "${link.source_name}" of node ${source.id} (${typeLabel(sourceSchema)}) cannot feed input "${link.sink_name}" of node ${sink.id} (${typeLabel(sinkSchema)})`,
        node_id: sink.id,
        pin: link.sink_name,
      });
    }
  });

  const seenNames = { INPUT: new Map<string, string>(), OUTPUT: new Map<string, string>() };
  for (const [id, node] of nodes) {
    const block = blocks.get(id);
    if (!block || block.blockType === "NOTE") continue;

    if (block.blockType === "INPUT" || block.blockType === "OUTPUT") {
      const name = node.input_default.name;
      const seen = seenNames[block.blockType];
      if (typeof name === "string" && name !== "") {
        const other = seen.get(name);
        if (other !== undefined) {
          const kind = block.blockType === "INPUT" ? "input" : "output";
          p.errors.push({
            path: `${prefix}nodes.${id}.name`,
            message: `Node ${id}: duplicate ${kind} name "${name}" (also used by node ${other})`,
            node_id: id,
            pin: "name",
          });
        } else {
          seen.set(name, id);
        }
      }
    }

    const linked = linkedInputs.get(id) ?? new Set<string>();
    const required = (block.input.required ?? []).map((field) => [field, node.input_default[field]] as const);
    if (block.blockType === "AGENT") {
      const inputs = objectOf(node.input_default.inputs);
      for (const field of nodeSchema(node, "input_schema").required ?? []) required.push([field, inputs[field]]);
    }
    for (const [field, value] of required) {
      if (isCredentialsField(field) || linked.has(field) || !isMissing(value)) continue;
      const problem = {
        path: `${prefix}nodes.${id}.${field}`,
        message: `Node ${id} (${block.name}): required input "${field}" has no value and no link`,
        node_id: id,
        pin: field,
      };
      p.warnings.push(problem);
      p.missingInputs.push(problem);
    }
  }
  return p;
}

function validateAll(graph: Graph | BaseGraph, catalog: BlockCatalog, options: ValidateOptions): Problems {
  const all = validateOne(graph, catalog, options, "");
  const subGraphs = "sub_graphs" in graph ? graph.sub_graphs : [];
  subGraphs.forEach((sub, i) => {
    const found = validateOne(sub, catalog, options, `sub_graphs.${i}.`);
    all.errors.push(...found.errors);
    all.warnings.push(...found.warnings);
    all.missingInputs.push(...found.missingInputs);
    all.placeholders.push(...found.placeholders);
  });
  return all;
}

/**
 * Everything wrong with a graph (and its sub-graphs) for saving it: `errors` refuse the save, `warnings`
 * (required inputs still empty, placeholder nodes) travel with the saved graph.
 * @example const { errors, warnings } = validateGraph(graph, registryCatalog);
 */
export function validateGraph(
  graph: Graph | BaseGraph,
  catalog: BlockCatalog,
  options: ValidateOptions = {},
): GraphValidation {
  const { errors, warnings } = validateAll(graph, catalog, options);
  return { errors, warnings };
}

/**
 * Problems that make a run impossible, each with node id and pin: every save error, placeholder nodes, and
 * required inputs with neither a value nor a link. Empty = runnable. Call it before starting a run and
 * answer 400 with the list.
 * @example const problems = assertRunnable(graph, registryCatalog); if (problems.length) throw badRequest(...)
 */
export function assertRunnable(graph: Graph | BaseGraph, catalog: BlockCatalog): GraphProblem[] {
  const found = validateAll(graph, catalog, { allowPlaceholders: true });
  return [...found.errors, ...found.placeholders, ...found.missingInputs];
}
