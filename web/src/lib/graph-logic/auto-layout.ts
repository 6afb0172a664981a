// Auto-layout: dagre ranks the graph left to right (links flow from outputs on the right to inputs on the left);
// notes and unlinked nodes are placed by dagre too, so nothing overlaps afterwards.
import { Graph, layout } from "@dagrejs/dagre";

export type LayoutNode = { id: string; width: number; height: number };
export type LayoutEdge = { source: string; target: string };

/**
 * Top-left positions for every node.
 * @example autoLayout([{ id: "a", width: 290, height: 160 }, { id: "b", width: 290, height: 160 }], [{ source: "a", target: "b" }])
 * // Map { "a" => { x: 0, y: 0 }, "b" => { x: 370, y: 0 } } (b one rank to the right of a)
 */
export function autoLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Map<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  edges.forEach((e, i) => {
    if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) g.setEdge(e.source, e.target, {}, String(i));
  });
  layout(g);
  const placed = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number };
    // dagre gives centres; the canvas places by the top-left corner.
    placed.set(n.id, { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) });
  }
  return placed;
}
