// How the canvas opens a graph. Small graphs are fitted to the screen. Large ones open at a readable zoom on
// their top-left corner (where the inputs usually are) instead: a fitted 500-node graph renders every node
// as an unreadable speck, while this view renders only the few dozen in sight (Svelte Flow virtualises the rest).

/** Above this many nodes a graph opens at reading zoom instead of fitted. */
export const FIT_MAX_NODES = 150;
/** Below this zoom node cards render compactly (pins only, no forms). */
export const COMPACT_BELOW_ZOOM = 0.45;
/** Zoom a large graph opens at. */
export const LARGE_GRAPH_ZOOM = 0.6;

export type Viewport = { x: number; y: number; zoom: number };
export type OpeningView = { fit: true } | { fit: false; viewport: Viewport };

/**
 * @example openingView([{ position: { x: 100, y: 50 } }]) // { fit: true }
 */
export function openingView(nodes: readonly { position: { x: number; y: number } }[], margin = 40): OpeningView {
  if (nodes.length <= FIT_MAX_NODES) return { fit: true };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (const n of nodes) {
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
  }
  const zoom = LARGE_GRAPH_ZOOM;
  return { fit: false, viewport: { x: margin - minX * zoom, y: margin - minY * zoom, zoom } };
}

/** Generous card size in flow units (cards are 290 px wide; tall ones rarely pass 600 px). */
const CARD_MAX = { width: 300, height: 600 };

/**
 * Ids of the nodes that cannot be in sight in a `size` screen at `viewport`: beyond its right or bottom edge, or
 * ending (at the largest card size) before its left or top edge.
 * @example outOfSight([{ id: "a", position: { x: 5000, y: 0 } }], { x: 0, y: 0, zoom: 1 }, { width: 1600, height: 900 }) // ["a"]
 */
export function outOfSight(
  nodes: readonly { id: string; position: { x: number; y: number } }[],
  viewport: Viewport,
  size: { width: number; height: number },
): string[] {
  const { x: tx, y: ty, zoom } = viewport;
  return nodes
    .filter((n) => {
      const x = n.position.x * zoom + tx;
      const y = n.position.y * zoom + ty;
      return x >= size.width || y >= size.height || x + CARD_MAX.width * zoom <= 0 || y + CARD_MAX.height * zoom <= 0;
    })
    .map((n) => n.id);
}

/** Whether cards should start compact, before the canvas reports its real zoom (saves a full re-render). */
export function compactOnOpen(nodeCount: number): boolean {
  // Fitted graphs of this size end up below the compact zoom on ordinary screens.
  return nodeCount > 60 && nodeCount <= FIT_MAX_NODES;
}
