// A graph prepared for execution: nodes by id with their inbound and outbound links, and each node's
// block info. Links out of static-output blocks are forced static, as AutoGPT's _validate_graph_structure.
import type { BaseGraph, GraphNode, Link } from "../graph/schema";
import type { BlockCatalog, CatalogBlock } from "./block-catalog";

export type IndexedNode = GraphNode & {
  info: CatalogBlock;
  inputLinks: Link[];
  outputLinks: Link[];
};

export class UnknownBlockError extends Error {
  override name = "UnknownBlockError";
  constructor(
    readonly nodeId: string,
    readonly blockId: string,
  ) {
    super(`Node ${nodeId} uses unknown block ${blockId}`);
  }
}

export class GraphIndex {
  private constructor(readonly nodes: ReadonlyMap<string, IndexedNode>) {}

  /** Throws UnknownBlockError for a node whose block the catalog does not know. */
  static build(graph: Pick<BaseGraph, "nodes" | "links">, catalog: BlockCatalog): GraphIndex {
    const nodes = new Map<string, IndexedNode>();
    for (const node of graph.nodes) {
      const info = catalog(node.block_id);
      if (!info) throw new UnknownBlockError(node.id, node.block_id);
      nodes.set(node.id, { ...node, info, inputLinks: [], outputLinks: [] });
    }
    for (const raw of graph.links) {
      const source = nodes.get(raw.source_id);
      const sink = nodes.get(raw.sink_id);
      if (!source || !sink) continue;
      const link = { ...raw, is_static: raw.is_static || source.info.staticOutput };
      source.outputLinks.push(link);
      sink.inputLinks.push(link);
    }
    return new GraphIndex(nodes);
  }

  node(id: string): IndexedNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`Unknown node ${id}`);
    return node;
  }

  /** AutoGPT's starting_nodes: no inbound link, plus every INPUT node. NOTE nodes never run. */
  startingNodes(): IndexedNode[] {
    return [...this.nodes.values()].filter(
      (n) => n.info.blockType !== "NOTE" && (n.inputLinks.length === 0 || n.info.blockType === "INPUT"),
    );
  }

  /** The node and every node reachable from it along links. */
  descendants(nodeId: string): Set<string> {
    const seen = new Set<string>([nodeId]);
    const stack = [nodeId];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      for (const link of this.node(id).outputLinks) {
        if (!seen.has(link.sink_id)) {
          seen.add(link.sink_id);
          stack.push(link.sink_id);
        }
      }
    }
    return seen;
  }
}
