// Puts API validation errors where they happen: on the node and pin a detail path names.
// Paths are dotted (`nodes.2.input_default.values`, `links.0.sink_name`); a node may be named by index or id.
import type { GraphNode, Link } from "../../../../graph/schema";
import type { NodeIssues } from "./flow-types";

export type ErrorDetail = { path?: string; message: string };
export type PlacedIssues = { byNode: Record<string, NodeIssues>; general: string[] };

/** "Node <id> (SomeBlock): " — redundant once the message sits on that node. */
const NODE_PREFIX = /^Node \S+(?: \([^)]*\))?: /;
const onNode = (message: string) => message.replace(NODE_PREFIX, "");

const NODE_FIELDS = new Set(["input_default", "inputs", "input", "pins"]);

function nodeIdFor(key: string, nodes: readonly Pick<GraphNode, "id">[]): string | undefined {
  if (nodes.some((n) => n.id === key)) return key;
  return /^\d+$/.test(key) ? nodes[Number(key)]?.id : undefined;
}

/**
 * @example placeIssues([{ path: "nodes.1.input_default.format", message: "Required" }], graph)
 * // { byNode: { [graph.nodes[1].id]: { messages: [], pins: { format: "Required" } } }, general: [] }
 */
export function placeIssues(
  details: readonly ErrorDetail[],
  graph: { nodes: readonly Pick<GraphNode, "id">[]; links: readonly Pick<Link, "sink_id" | "sink_name">[] },
): PlacedIssues {
  const byNode: Record<string, NodeIssues> = {};
  const general: string[] = [];
  const at = (nodeId: string) => {
    byNode[nodeId] ??= { messages: [], pins: {} };
    return byNode[nodeId];
  };
  for (const d of details) {
    const parts = (d.path ?? "").split(".").filter(Boolean);
    if (parts[0] === "nodes" && parts[1] !== undefined) {
      const nodeId = nodeIdFor(parts[1], graph.nodes);
      if (nodeId) {
        const rest = parts.slice(2);
        const pin = rest[0] && NODE_FIELDS.has(rest[0]) ? rest[1] : rest[0] !== "block_id" ? rest[0] : undefined;
        const issues = at(nodeId);
        const message = onNode(d.message);
        if (pin) issues.pins[pin] = issues.pins[pin] ? `${issues.pins[pin]}; ${message}` : message;
        else issues.messages.push(message);
        continue;
      }
    }
    if (parts[0] === "links" && parts[1] !== undefined) {
      const link = /^\d+$/.test(parts[1]) ? graph.links[Number(parts[1])] : undefined;
      if (link) {
        const issues = at(link.sink_id);
        issues.pins[link.sink_name] = d.message;
        continue;
      }
    }
    general.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  return { byNode, general };
}
