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

/** Whether cards should start compact, before the canvas reports its real zoom (saves a full re-render). */
export function compactOnOpen(nodeCount: number): boolean {
  // Fitted graphs of this size end up below the compact zoom on ordinary screens.
  return nodeCount > 60 && nodeCount <= FIT_MAX_NODES;
}
