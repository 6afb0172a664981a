// The connection rule the canvas applies while a person drags a link: pin types must fit, a node cannot
// feed itself, and the exact same link cannot be drawn twice.
import type { BlockInfo } from "../api/schemas";
import type { FlowEdge, FlowNode } from "./flow-types";
import { nodeSchemas } from "./node-schemas";
import { type Compatibility, canFeed } from "./pin-types";
import { inputPins, outputPins, sourcePinSchema } from "./pins";

export type ConnectionAttempt = {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
};

export function checkConnection(
  c: ConnectionAttempt,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  blockOf: (blockId: string) => BlockInfo | undefined,
): Compatibility {
  if (c.source === c.target) return { ok: false, reason: "A node cannot feed its own input" };
  const from = nodes.find((n) => n.id === c.source);
  const to = nodes.find((n) => n.id === c.target);
  if (!from || !to || !c.sourceHandle || !c.targetHandle) return { ok: false, reason: "Connect an output to an input" };
  if (
    edges.some(
      (e) =>
        e.source === c.source &&
        e.target === c.target &&
        e.sourceHandle === c.sourceHandle &&
        e.targetHandle === c.targetHandle,
    )
  ) {
    return { ok: false, reason: "These pins are already linked" };
  }
  const fromBlock = blockOf(from.data.blockId);
  const toBlock = blockOf(to.data.blockId);
  // Unknown blocks (not in this server's catalogue) cannot be checked; the server validates on save.
  if (!fromBlock || !toBlock) return { ok: true };
  const fromSchema = sourcePinSchema(outputPins(nodeSchemas(fromBlock, from.data.inputs).output), c.sourceHandle);
  const toPin = inputPins(nodeSchemas(toBlock, to.data.inputs).input, to.data.dynamicPins).find(
    (p) => p.name === c.targetHandle,
  );
  if (!fromSchema || !toPin) return { ok: true };
  return canFeed(fromSchema, toPin.schema);
}

/** Room a node card takes, for placing new nodes beside (not on top of) existing ones. */
const CARD = { width: 300, height: 160, gap: 20 };

/**
 * Where a new node goes: the given point if free, else the nearest free slot on a grid of card-sized steps
 * around it (so a clicked block lands near the view centre, beside what is there, not on top of it).
 */
export function freeSpot(
  nodes: readonly FlowNode[],
  at: { x: number; y: number },
  size: { width: number; height: number } = CARD,
): { x: number; y: number } {
  const origin = { x: Math.round(at.x), y: Math.round(at.y) };
  // Drawn cards have a measured size (tall forms pass 400 px); the new card is assumed CARD-sized.
  const free = (p: { x: number; y: number }) =>
    !nodes.some((n) => {
      const m = (n as { measured?: { width?: number; height?: number } }).measured;
      const w = m?.width ?? CARD.width;
      const h = m?.height ?? CARD.height;
      return (
        p.x < n.position.x + w &&
        n.position.x < p.x + CARD.width &&
        p.y < n.position.y + h &&
        n.position.y < p.y + CARD.height
      );
    });
  if (free(origin)) return origin;
  const step = { x: size.width + CARD.gap, y: size.height + CARD.gap };
  for (let ring = 1; ring <= 8; ring++) {
    const slots: { x: number; y: number; d: number }[] = [];
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        const p = { x: origin.x + i * step.x, y: origin.y + j * step.y };
        slots.push({ ...p, d: Math.hypot(i * step.x, j * step.y) });
      }
    }
    // Nearest first; on a tie below beats above and right beats left (reading order).
    const best = slots.sort((a, b) => a.d - b.d || b.y - a.y || b.x - a.x).find(free);
    if (best) return { x: best.x, y: best.y };
  }
  return origin;
}
