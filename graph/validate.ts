// Graph validation: every problem at once, each naming the node and pin, so the editor can mark them all
// and the API can answer one 400 with every detail. Errors block a save; warnings are returned with the
// saved graph. Before a run, the warnings that make a run impossible become errors (assertRunnable).
//
// Each rule follows AutoGPT's GraphModel._validate_graph (backend/data/graph.py): what AutoGPT refuses we
// refuse, what it accepts we accept — with a warning where the graph probably does not do what its author
// meant. Our own safety limits (size, depth, count) are refusals AutoGPT does not have; they live in
// schema.ts (GRAPH_LIMITS) and the run limits. The README's "AutoGPT compatibility" section lists the
// differences.
import { autogptBlockName } from "./autogpt-block-names";
import type { BlockCatalog, CatalogBlock, JsonSchema } from "./block-catalog";
import { basePinName, sanitizePinName } from "./dynamic-pins";
import { objectOf } from "./json-object";
import { addressedSchema, agentNodeSchema, inputPins, outputPins } from "./pins";
import type { BaseGraph, Graph, GraphNode, Link } from "./schema";
import { AGENT_EXECUTOR_BLOCK_ID, isPlaceholderNode } from "./schema";
import { compatiblePins, typeLabel } from "./type-compat";

/** One problem: `path` is dotted (`nodes.<node_id>.<pin>`, `links.3.sink_id`, `sub_graphs.0.…`). */
export type GraphProblem = { path: string; message: string; node_id?: string; pin?: string };
export type GraphValidation = { errors: GraphProblem[]; warnings: GraphProblem[] };

export type ValidateOptions = {
  /** Accept unknown blocks on nodes flagged `metadata.placeholder` (imports, and saves of imported graphs). */
  allowPlaceholders?: boolean;
  /**
   * Check that every AgentExecutor node's graph (id and version) is among `sub_graphs`. Only meaningful
   * when sub_graphs were loaded from storage (a stored graph, a graph about to run).
   */
  checkSubGraphRefs?: boolean;
};

/** Everything found, sorted by what the callers do with it. */
type Findings = GraphValidation & {
  missingInputs: GraphProblem[];
  placeholders: GraphProblem[];
  missingSubGraphs: GraphProblem[];
};

/** What the checks of one graph share: its nodes and their blocks, by node id. */
type Scope = {
  prefix: string;
  nodes: Map<string, GraphNode>;
  blocks: Map<string, CatalogBlock>;
  found: Findings;
};

/** AutoGPT's is_credentials_field_name: credentials are supplied per run (credentials vault), not as graph inputs. */
const isCredentialsField = (name: string) => name === "credentials" || name.endsWith("_credentials");

const isMissing = (value: unknown) => value === undefined || value === null || value === "";

/** "AITextGeneratorBlock (1f29…)" when AutoGPT's name is known, else the id alone. */
const blockLabel = (node: GraphNode) => {
  const name = autogptBlockName(node);
  return name ? `${name} (${node.block_id})` : node.block_id;
};

/**
 * Node ids are unique (AutoGPT refuses too: its node ids are primary keys). Every block is known (AutoGPT:
 * "Invalid block"), or — when allowed, on imports and saves of imported graphs — a flagged placeholder.
 */
function checkNodes(graph: BaseGraph, catalog: BlockCatalog, options: ValidateOptions, scope: Scope) {
  const { prefix, nodes, blocks, found } = scope;
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      found.errors.push({
        path: `${prefix}nodes.${node.id}`,
        message: `Duplicate node id ${node.id}`,
        node_id: node.id,
      });
      continue;
    }
    nodes.set(node.id, node);
    const block = catalog(node.block_id);
    if (block) {
      blocks.set(node.id, block);
      continue;
    }
    const path = `${prefix}nodes.${node.id}.block_id`;
    if (options.allowPlaceholders && isPlaceholderNode(node)) {
      const placeholder = {
        path,
        node_id: node.id,
        message: `Node ${node.id}: block ${blockLabel(node)} is not available on this platform; the node is a placeholder and the graph cannot run until it is replaced`,
      };
      found.warnings.push(placeholder);
      found.placeholders.push(placeholder);
    } else {
      const name = autogptBlockName(node);
      const message = name ? `unknown block ${blockLabel(node)}` : `unknown block id ${node.block_id}`;
      found.errors.push({ path, node_id: node.id, message: `Node ${node.id}: ${message}` });
    }
  }
}

/**
 * Both ends exist and both pins exist on their blocks: refused, as AutoGPT refuses them. Types that cannot
 * meet are only a warning: AutoGPT does not compare link types, it runs the graph and the sink node fails
 * when the value does not convert. Returns linked inputs per node.
 */
function checkLinks(links: readonly Link[], scope: Scope): Map<string, Set<string>> {
  const { prefix, nodes, blocks, found } = scope;
  const linkedInputs = new Map<string, Set<string>>();
  links.forEach((link, i) => {
    const source = nodes.get(link.source_id);
    const sink = nodes.get(link.sink_id);
    for (const [end, node, id] of [
      ["source", source, link.source_id],
      ["sink", sink, link.sink_id],
    ] as const) {
      if (!node) {
        found.errors.push({
          path: `${prefix}links.${i}.${end}_id`,
          message: `Link ${i}: ${end} node ${id} does not exist`,
          node_id: id,
        });
      }
    }
    if (!source || !sink) return;
    const sinkBase = basePinName(link.sink_name);
    if (!linkedInputs.has(sink.id)) linkedInputs.set(sink.id, new Set());
    linkedInputs.get(sink.id)?.add(sinkBase);

    const sourceBlock = blocks.get(source.id);
    const sinkBlock = blocks.get(sink.id);
    let sourceSchema: JsonSchema | undefined;
    let sinkSchema: JsonSchema | undefined;
    let pinsExist = true;

    if (sourceBlock) {
      const outputs = outputPins(source, sourceBlock);
      const pin = sanitizePinName(link.source_name);
      if (outputs && !Object.hasOwn(outputs, pin)) {
        pinsExist = false;
        found.errors.push({
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
        pinsExist = false;
        found.errors.push({
          path: `${prefix}nodes.${sink.id}.${link.sink_name}`,
          message: `Link ${i}: node ${sink.id} (${sinkBlock.name}) has no input pin "${sinkBase}"`,
          node_id: sink.id,
          pin: link.sink_name,
        });
      } else {
        sinkSchema = addressedSchema(inputs[sinkBase], link.sink_name);
      }
    }
    if (pinsExist && sourceBlock && sinkBlock && !compatiblePins(sourceSchema, sinkSchema)) {
      found.warnings.push({
        path: `${prefix}nodes.${sink.id}.${link.sink_name}`,
        message: `Link ${i}: output "${link.source_name}" of node ${source.id} (${typeLabel(sourceSchema)}) cannot feed input "${link.sink_name}" of node ${sink.id} (${typeLabel(sinkSchema)}); the node fails at run time unless the value converts`,
        node_id: sink.id,
        pin: link.sink_name,
      });
    }
  });
  return linkedInputs;
}

const SHARED_NAME = {
  // AutoGPT gives every input node the run's value for its name (executor's starting-node inputs).
  INPUT: (name: string) => `both nodes receive the value given for "${name}"`,
  // AutoGPT's GraphExecution.outputs[name] collects every output node of that name, in order.
  OUTPUT: (name: string) => `the run's output "${name}" lists the values of both in the order they are produced`,
} as const;

/**
 * Input and output names. AutoGPT refuses input names reserved for credentials; we do too. It accepts two
 * input (or output) nodes sharing a name and merges them, so we accept them with a warning.
 */
function checkIoNames(scope: Scope) {
  const { prefix, nodes, blocks, found } = scope;
  const seen = { INPUT: new Map<string, string>(), OUTPUT: new Map<string, string>() };
  for (const [id, node] of nodes) {
    const kind = blocks.get(id)?.blockType;
    if (kind !== "INPUT" && kind !== "OUTPUT") continue;
    const name = node.input_default.name;
    if (typeof name !== "string" || name === "") continue;
    const path = `${prefix}nodes.${id}.name`;
    if (kind === "INPUT" && isCredentialsField(name)) {
      found.errors.push({
        path,
        message: `Node ${id}: '${name}' is a reserved input name: 'credentials' and \`*_credentials\` are reserved`,
        node_id: id,
        pin: "name",
      });
      continue;
    }
    const other = seen[kind].get(name);
    if (other === undefined) {
      seen[kind].set(name, id);
      continue;
    }
    found.warnings.push({
      path,
      message: `Node ${id}: ${kind === "INPUT" ? "input" : "output"} name "${name}" is also used by node ${other}; ${SHARED_NAME[kind](name)}`,
      node_id: id,
      pin: "name",
    });
  }
}

/**
 * Required inputs with neither a value nor a link (credentials excepted: they come with the run). Warnings,
 * so drafts save; AutoGPT refuses these on save for input, output and agent nodes, and for every node
 * before a run — as assertRunnable does.
 */
function checkRequiredInputs(linkedInputs: Map<string, Set<string>>, scope: Scope) {
  const { prefix, nodes, blocks, found } = scope;
  for (const [id, node] of nodes) {
    const block = blocks.get(id);
    if (!block || block.blockType === "NOTE") continue;
    const linked = linkedInputs.get(id) ?? new Set<string>();
    const required = (block.input.required ?? []).map((field) => [field, node.input_default[field]] as const);
    if (block.blockType === "AGENT") {
      const inputs = objectOf(node.input_default.inputs);
      for (const field of agentNodeSchema(node, "input_schema").required ?? []) required.push([field, inputs[field]]);
    }
    for (const [field, value] of required) {
      if (isCredentialsField(field) || linked.has(field) || !isMissing(value)) continue;
      const problem = {
        path: `${prefix}nodes.${id}.${field}`,
        message: `Node ${id} (${block.name}): required input "${field}" has no value and no link`,
        node_id: id,
        pin: field,
      };
      found.warnings.push(problem);
      found.missingInputs.push(problem);
    }
  }
}

/**
 * AgentExecutor nodes whose graph (at its version, or any version when none is set) is not loaded: a
 * warning on save, a refusal before a run (AutoGPT fails the node at run time instead).
 */
function checkSubGraphRefs(graph: BaseGraph, loaded: readonly BaseGraph[], scope: Scope) {
  for (const node of graph.nodes) {
    if (node.block_id !== AGENT_EXECUTOR_BLOCK_ID) continue;
    const { graph_id: id, graph_version: version } = node.input_default;
    if (typeof id !== "string") continue;
    const found = loaded.some((g) => g.id === id && (typeof version !== "number" || g.version === version));
    if (found) continue;
    const problem = {
      path: `${scope.prefix}nodes.${node.id}.graph_id`,
      message: `Node ${node.id}: sub-agent graph ${id}${typeof version === "number" ? ` version ${version}` : ""} was not found among your graphs`,
      node_id: node.id,
      pin: "graph_id",
    };
    scope.found.warnings.push(problem);
    scope.found.missingSubGraphs.push(problem);
  }
}

function validateOne(
  graph: BaseGraph,
  catalog: BlockCatalog,
  options: ValidateOptions,
  prefix: string,
  loaded: readonly BaseGraph[],
): Findings {
  const scope: Scope = {
    prefix,
    nodes: new Map(),
    blocks: new Map(),
    found: { errors: [], warnings: [], missingInputs: [], placeholders: [], missingSubGraphs: [] },
  };
  checkNodes(graph, catalog, options, scope);
  const linkedInputs = checkLinks(graph.links, scope);
  checkIoNames(scope);
  checkRequiredInputs(linkedInputs, scope);
  if (options.checkSubGraphRefs) checkSubGraphRefs(graph, loaded, scope);
  return scope.found;
}

function validateAll(graph: Graph | BaseGraph, catalog: BlockCatalog, options: ValidateOptions): Findings {
  const subGraphs = "sub_graphs" in graph ? graph.sub_graphs : [];
  // A sub-graph may call the main graph back (recursion), so it counts as loaded too.
  const loaded = [graph, ...subGraphs];
  const all = validateOne(graph, catalog, options, "", loaded);
  subGraphs.forEach((sub, i) => {
    const found = validateOne(sub, catalog, options, `sub_graphs.${i}.`, loaded);
    all.errors.push(...found.errors);
    all.warnings.push(...found.warnings);
    all.missingInputs.push(...found.missingInputs);
    all.placeholders.push(...found.placeholders);
    all.missingSubGraphs.push(...found.missingSubGraphs);
  });
  return all;
}

/**
 * Everything wrong with a graph (and its sub-graphs) for saving it: `errors` refuse the save, `warnings`
 * (required inputs still empty, placeholder nodes) travel with the saved graph.
 * @example const { errors, warnings } = validateGraph(graph, blockCatalog);
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
 * Problems that make a run impossible, each with node id and pin: every save error, placeholder nodes,
 * required inputs with neither a value nor a link, and AgentExecutor nodes whose graph is not among
 * `sub_graphs` (pass the graph as loadGraphForRun returns it). Empty = runnable. Call it before starting a
 * run and answer 400 with the list.
 * @example const problems = assertRunnable(graph, blockCatalog); if (problems.length) throw badRequest(...)
 */
export function assertRunnable(graph: Graph | BaseGraph, catalog: BlockCatalog): GraphProblem[] {
  const found = validateAll(graph, catalog, { allowPlaceholders: true, checkSubGraphRefs: true });
  return [...found.errors, ...found.placeholders, ...found.missingInputs, ...found.missingSubGraphs];
}
