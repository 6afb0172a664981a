// Fresh node and link ids for a copied graph (AutoGPT's reassign_ids), so a duplicate never shares ids with
// its original. Links are re-pointed; everything else is copied unchanged.
import type { GraphNode, Link } from "../../../../graph/schema";

export function reassignIds<G extends { nodes: readonly GraphNode[]; links: readonly Link[] }>(
  graph: G,
  newId: () => string,
): G {
  const ids = new Map(graph.nodes.map((n) => [n.id, newId()]));
  return {
    ...graph,
    nodes: graph.nodes.map((n) => ({ ...structuredClone(n), id: ids.get(n.id)! })),
    links: graph.links.map((l) => ({
      ...l,
      id: newId(),
      source_id: ids.get(l.source_id) ?? l.source_id,
      sink_id: ids.get(l.sink_id) ?? l.sink_id,
    })),
  };
}
