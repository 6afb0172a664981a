// AutoGPT graph JSON ⇄ canvas nodes and edges. Round-trips every field the canvas does not edit.
import type { Graph, GraphNode, Link } from "../../../../graph/schema";
import type { BlockNodeData, FlowEdge, FlowNode } from "./flow-types";
import { dynamicPinsInUse } from "./pins";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** AutoGPT's NoteBlock: drawn as a sticky note (Markdown, resizable, no pins); saved as the same node. */
export const NOTE_BLOCK_ID = "cc10ff7b-7753-4ff2-9af6-9399b1a7eddc";

/** The canvas node type for a block: notes are notes, everything else a block card. */
export const nodeTypeFor = (blockId: string): "note" | "block" => (blockId === NOTE_BLOCK_ID ? "note" : "block");

const sizeOf = (v: unknown): number | undefined => (typeof v === "number" && v > 0 ? v : undefined);

type GraphLike = { nodes: readonly GraphNode[]; links: readonly Link[] };

function positionOf(metadata: Record<string, unknown>, index: number): { x: number; y: number } {
  const p = metadata.position as { x?: unknown; y?: unknown } | undefined;
  if (p && typeof p.x === "number" && typeof p.y === "number") return { x: p.x, y: p.y };
  // Nodes without a position (hand-written JSON) are laid out on a simple grid instead of stacking at 0,0.
  return { x: (index % 5) * 360, y: Math.floor(index / 5) * 320 };
}

/** A stable edge id when the link has none (hash key as in AutoGPT's Link). */
export const edgeId = (l: Pick<Link, "source_id" | "sink_id" | "source_name" | "sink_name">): string =>
  `${l.source_id}:${l.source_name}->${l.sink_id}:${l.sink_name}`;

export function toFlow(graph: GraphLike): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const sinkNamesByNode = new Map<string, string[]>();
  for (const l of graph.links) sinkNamesByNode.set(l.sink_id, [...(sinkNamesByNode.get(l.sink_id) ?? []), l.sink_name]);
  const nodes = graph.nodes.map((n, i): FlowNode => {
    const { position: _position, customized_name, width, height, ...metadata } = n.metadata;
    const data: BlockNodeData = {
      blockId: n.block_id,
      inputs: { ...n.input_default },
      dynamicPins: dynamicPinsInUse(n.input_default, sinkNamesByNode.get(n.id) ?? []),
      metadata,
    };
    if (typeof customized_name === "string" && customized_name) data.title = customized_name;
    const type = nodeTypeFor(n.block_id);
    const node: FlowNode = { id: n.id, type, position: positionOf(n.metadata, i), data };
    // A resized note keeps its size in its metadata (other tools ignore the extra keys).
    if (type === "note") {
      const w = sizeOf(width);
      const h = sizeOf(height);
      if (w) node.width = w;
      if (h) node.height = h;
    } else {
      if (width !== undefined) metadata.width = width;
      if (height !== undefined) metadata.height = height;
    }
    return node;
  });
  const edges = graph.links.map(
    (l): FlowEdge => ({
      id: l.id ?? edgeId(l),
      source: l.source_id,
      target: l.sink_id,
      sourceHandle: l.source_name,
      targetHandle: l.sink_name,
      data: { isStatic: l.is_static },
    }),
  );
  return { nodes, edges };
}

export function fromFlow(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Pick<Graph, "nodes" | "links"> {
  return {
    nodes: nodes.map((n) => {
      const metadata: Record<string, unknown> = {
        ...n.data.metadata,
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      };
      if (n.data.title) metadata.customized_name = n.data.title;
      if (n.type === "note" && n.width) metadata.width = Math.round(n.width);
      if (n.type === "note" && n.height) metadata.height = Math.round(n.height);
      return { id: n.id, block_id: n.data.blockId, input_default: { ...n.data.inputs }, metadata };
    }),
    links: edges.map((e) => ({
      // Ids the canvas made up for id-less links are not sent; the server assigns UUIDs.
      ...(UUID.test(e.id) ? { id: e.id } : {}),
      source_id: e.source,
      sink_id: e.target,
      source_name: e.sourceHandle ?? "",
      sink_name: e.targetHandle ?? "",
      is_static: e.data?.isStatic ?? false,
    })),
  };
}

/** Strip run and validation overlays so a snapshot compares and saves only what the user edited. */
export function withoutOverlays(nodes: readonly FlowNode[]): FlowNode[] {
  return nodes.map((n) => {
    if (!n.data.run && !n.data.issues && !n.data.warnings) return n;
    const { run: _run, issues: _issues, warnings: _warnings, ...data } = n.data;
    return { ...n, data };
  });
}
