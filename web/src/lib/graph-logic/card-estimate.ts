// A node card's size and handle positions before it is drawn. Svelte Flow draws every node it knows no handle
// positions for, even far out of sight, only to measure it: on a 500-node graph that was most of the time it
// took to open. Nodes given these estimates are drawn when they come into view, and measured then; until then
// the estimates only place the far ends of links, the minimap's boxes and what counts as in view.
import type { Pin } from "./pins";

/** BlockNode's geometry in px at zoom 1, measured on drawn cards (handles are 11 px squares). */
export const CARD = {
  width: 290,
  /** Top of the first input handle. */
  firstHandle: 42,
  /** An input row showing "linked", and one with a form field and its hint. */
  linkedRow: 38.5,
  fieldRow: 77,
  /** The closed "Advanced" section. */
  advanced: 22,
  /** From the end of the inputs to the first output handle. */
  outputsGap: 10.7,
  outputRow: 24.5,
  bottom: 1.4,
  handle: 11,
};

export type EstimatedHandle = {
  id: string;
  type: "source" | "target";
  side: "left" | "right";
  x: number;
  y: number;
  width: number;
  height: number;
};

/**
 * @param linked input pins fed by a link: they show "linked" instead of a field, and advanced ones show
 *   among the main pins.
 * @example estimatedCard([], [outPin]).measured // { width: 290, height: 78.6 }
 */
export function estimatedCard(
  inputs: readonly Pin[],
  outputs: readonly Pin[],
  linked: ReadonlySet<string> = new Set(),
): { measured: { width: number; height: number }; handles: EstimatedHandle[] } {
  const main = inputs.filter((p) => !p.advanced || linked.has(p.name));
  const tucked = inputs.filter((p) => p.advanced && !linked.has(p.name));
  const handles: EstimatedHandle[] = [];
  const handle = (pin: Pin, type: "source" | "target", y: number): EstimatedHandle => ({
    id: pin.name,
    type,
    side: type === "target" ? "left" : "right",
    x: type === "target" ? -CARD.handle / 2 + 1 : CARD.width - CARD.handle / 2 - 1,
    y,
    width: CARD.handle,
    height: CARD.handle,
  });
  let y = CARD.firstHandle;
  for (const pin of main) {
    handles.push(handle(pin, "target", y));
    y += linked.has(pin.name) ? CARD.linkedRow : CARD.fieldRow;
  }
  // Advanced pins sit in a closed <details>: their links end at its summary.
  for (const pin of tucked) handles.push(handle(pin, "target", y));
  if (tucked.length > 0) y += CARD.advanced;
  y += CARD.outputsGap;
  for (const pin of outputs) {
    handles.push(handle(pin, "source", y));
    y += CARD.outputRow;
  }
  return { measured: { width: CARD.width, height: y + CARD.bottom }, handles };
}
