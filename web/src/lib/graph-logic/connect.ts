// The connection rule the canvas applies while a person drags a link: pin types must fit, a node cannot
// feed itself, and the exact same link cannot be drawn twice.
import type { BlockInfo } from "../api/schemas";
import type { FlowEdge, FlowNode } from "./flow-types";
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
  const fromSchema = sourcePinSchema(outputPins(fromBlock.output_schema), c.sourceHandle);
  const toPin = inputPins(toBlock.input_schema, to.data.dynamicPins).find((p) => p.name === c.targetHandle);
  if (!fromSchema || !toPin) return { ok: true };
  return canFeed(fromSchema, toPin.schema);
}

/** Where a new node goes: the given point, nudged down until it does not sit exactly on another node. */
export function freeSpot(nodes: readonly FlowNode[], at: { x: number; y: number }): { x: number; y: number } {
  let spot = { x: Math.round(at.x), y: Math.round(at.y) };
  while (nodes.some((n) => Math.abs(n.position.x - spot.x) < 20 && Math.abs(n.position.y - spot.y) < 20)) {
    spot = { x: spot.x + 30, y: spot.y + 30 };
  }
  return spot;
}
