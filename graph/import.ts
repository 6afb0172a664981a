// AutoGPT export → our graph. Like AutoGPT's create-from-file (GraphModel.reassign_ids), sub_graphs come
// along and graph ids are reassigned — here only where they collide with graphs that already exist, so a
// first import keeps its ids. AgentExecutor nodes follow their sub-graph's new id and run as the importer.
// Blocks this platform lacks become placeholder nodes that keep block_id, inputs and links.
import { autogptBlockName } from "./autogpt-block-names";
import type { BlockCatalog } from "./block-catalog";
import { AGENT_EXECUTOR_BLOCK_ID, type BaseGraph, type Graph, type GraphNode } from "./schema";

/** Something the importer changed or could not honour, per node. */
export type ImportWarning = { graph_id: string; node_id: string; block_id: string; message: string };

export type ImportOptions = {
  catalog: BlockCatalog;
  /** The importing user: AgentExecutor nodes run sub-graphs as this user. */
  ownerId: string;
  /** Graph ids already stored (by anyone): these are reassigned. */
  takenGraphIds: ReadonlySet<string>;
  newId?: () => string;
};

export type ImportPlan = { graph: Graph & { id: string; version: number }; warnings: ImportWarning[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids every graph in the file uses (main first), to ask storage which are taken. */
export const graphIdsOf = (file: Graph): string[] =>
  [file.id, ...file.sub_graphs.map((s) => s.id)].filter((id): id is string => typeof id === "string");

function importNode(
  node: GraphNode,
  graphId: string,
  ids: ReadonlyMap<string, string>,
  options: ImportOptions,
  warnings: ImportWarning[],
): GraphNode {
  const block = options.catalog(node.block_id);
  const metadata = { ...node.metadata };
  let inputDefault = { ...node.input_default };

  if (!block) {
    metadata.placeholder = true;
    // AutoGPT's name travels with the node, so the editor and the run's refusal can name the block.
    const name = autogptBlockName(node);
    if (name) metadata.block_name = name;
    warnings.push({
      graph_id: graphId,
      node_id: node.id,
      block_id: node.block_id,
      message: `Block ${name ? `${name} (${node.block_id})` : node.block_id} is not available on this platform; node ${node.id} was kept as a placeholder with its inputs and links, and the graph cannot run until it is replaced`,
    });
  } else {
    delete metadata.placeholder;
    delete metadata.block_name;
  }

  if (node.block_id === AGENT_EXECUTOR_BLOCK_ID) {
    const target = typeof inputDefault.graph_id === "string" ? inputDefault.graph_id : undefined;
    const mapped = target === undefined ? undefined : ids.get(target);
    if (target !== undefined && mapped === undefined) {
      warnings.push({
        graph_id: graphId,
        node_id: node.id,
        block_id: node.block_id,
        message: `Sub-agent graph ${target} is not included in the file; the node runs only if you own a graph with that id`,
      });
    }
    inputDefault = {
      ...inputDefault,
      graph_id: mapped ?? target,
      user_id: options.ownerId,
      inputs: inputDefault.inputs ?? {},
    };
  }
  return { ...node, input_default: inputDefault, metadata };
}

function importGraph<G extends BaseGraph>(
  graph: G,
  ids: ReadonlyMap<string, string>,
  options: ImportOptions & { newId: () => string },
  warnings: ImportWarning[],
): G & { id: string; version: number } {
  const id = ids.get(graph.id ?? "") ?? options.newId();
  return {
    ...graph,
    id,
    version: graph.version ?? 1,
    nodes: graph.nodes.map((node) => importNode(node, id, ids, options, warnings)),
  };
}

/**
 * Plans an import: new ids where needed, AgentExecutor references remapped, placeholders flagged.
 * The main graph becomes version 1 of its id; sub-graphs keep their versions (AgentExecutor nodes
 * reference them by version).
 * @example
 * const taken = await existingGraphIds(db, graphIdsOf(file));
 * const { graph, warnings } = planImport(file, { catalog: blockCatalog, ownerId, takenGraphIds: taken });
 */
export function planImport(file: Graph, options: ImportOptions): ImportPlan {
  const newId = options.newId ?? (() => crypto.randomUUID());
  const ids = new Map<string, string>();
  for (const id of graphIdsOf(file)) {
    if (ids.has(id)) continue;
    ids.set(id, UUID.test(id) && !options.takenGraphIds.has(id) ? id : newId());
  }
  const warnings: ImportWarning[] = [];
  const withNewId = { ...options, newId };
  const main = importGraph(file, ids, withNewId, warnings);
  const seen = new Set([`${main.id}@1`]);
  const subGraphs = file.sub_graphs
    .map((sub) => importGraph(sub, ids, withNewId, warnings))
    .filter((sub) => {
      const key = `${sub.id}@${sub.version}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { graph: { ...main, version: 1, sub_graphs: subGraphs }, warnings };
}
