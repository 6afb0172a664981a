// The fix-ups AutoGPT applies to every saved graph (_validate_graph_structure): links out of a block with
// static output are forced static, and every link gets an id. Links are identified by their ends, as
// AutoGPT's Link hash is, so a repeated link is dropped (it would deliver every value twice).
// Pure: returns a new graph.
import type { BlockCatalog } from "./block-catalog";
import type { BaseGraph, Graph } from "./schema";

function normalizeOne<G extends BaseGraph>(graph: G, catalog: BlockCatalog): G {
  const staticSources = new Set(
    graph.nodes.filter((node) => catalog(node.block_id)?.staticOutput === true).map((node) => node.id),
  );
  const seen = new Set<string>();
  const unique = graph.links.filter((link) => {
    const key = JSON.stringify([link.source_id, link.source_name, link.sink_id, link.sink_name]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    ...graph,
    links: unique.map((link) => ({
      ...link,
      id: link.id ?? crypto.randomUUID(),
      is_static: link.is_static || staticSources.has(link.source_id),
    })),
  };
}

/**
 * Forces static links for static-output blocks and fills missing link ids, in the graph and its sub-graphs.
 * @example normalizeGraph(graph, blockCatalog).links[0].is_static // true when the source is an input block
 */
export function normalizeGraph(graph: Graph, catalog: BlockCatalog): Graph {
  const main = normalizeOne(graph, catalog);
  return { ...main, sub_graphs: graph.sub_graphs.map((sub) => normalizeOne(sub, catalog)) };
}

export { normalizeOne as normalizeBaseGraph };
