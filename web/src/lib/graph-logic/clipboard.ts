// Copy and paste of canvas selections: pasted nodes get fresh ids, links between them are kept and re-pointed,
// links to nodes outside the selection are dropped (they would dangle), and positions shift so copies are visible.
import type { FlowEdge, FlowNode } from "./flow-types";

export type Clip = { nodes: FlowNode[]; edges: FlowEdge[] };

/** The selected nodes and the edges running between them. */
export function copySelection(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Clip {
  const picked = nodes.filter((n) => n.selected);
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: structuredClone(picked.map(({ selected: _s, ...n }) => n)),
    edges: structuredClone(
      edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(({ selected: _s, ...e }) => e),
    ),
  };
}

/** New nodes/edges for a paste (selected, so the user can drag them at once), offset by `shift`. */
export function pasteClip(clip: Clip, newId: () => string, shift = { x: 40, y: 40 }): Clip {
  const idMap = new Map(clip.nodes.map((n) => [n.id, newId()]));
  const nodes = clip.nodes.map(
    (n): FlowNode => ({
      ...structuredClone(n),
      id: idMap.get(n.id)!,
      position: { x: n.position.x + shift.x, y: n.position.y + shift.y },
      selected: true,
    }),
  );
  const edges = clip.edges.map((e): FlowEdge => {
    const source = idMap.get(e.source)!;
    const target = idMap.get(e.target)!;
    return {
      ...structuredClone(e),
      id: newId(),
      source,
      target,
    };
  });
  return { nodes, edges };
}
