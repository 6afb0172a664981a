// Why the API refused to start a run (or to make a schedule), in words a person acts on: the nodes by the names
// on their cards, not their ids, and what to do about missing or deleted credentials.
import type { ErrorDetail } from "./validation-issues";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * One line per problem of a refused execute or schedule. `nodeLabel` names a node of the graph by id (its title,
 * else its block's name), `undefined` for an id that is not a node.
 * @example runProblemText({ path: "nodes.<id>.credentials", message: "Unknown credentials <cid>" }, label)
 * // "“AI Text Generator”: its credentials no longer exist (deleted?): pick others on the node"
 */
export function runProblemText(detail: ErrorDetail, nodeLabel: (id: string) => string | undefined): string {
  const named = (id: string) => {
    const label = nodeLabel(id);
    return label === undefined ? id : `“${label}”`;
  };
  const parts = (detail.path ?? "").split(".");
  const nodeId = parts[0] === "nodes" && parts[1] !== undefined && nodeLabel(parts[1]) !== undefined ? parts[1] : "";

  // bindRunCredentials: "Credentials required (openai api_key) for node(s) <id>, <id>".
  const required = /^Credentials required \(([^)]*)\) for nodes? (.+)$/.exec(detail.message);
  if (required) {
    const nodes = (required[2] ?? "").split(", ").map(named).join(", ");
    return `${nodes} need${nodes.includes(",") ? "" : "s"} credentials (${required[1]}): pick them on the node`;
  }
  // A picked credential that is gone (deleted, or never the user's: one reads like the other).
  if (/^Unknown credentials /.test(detail.message)) {
    return nodeId
      ? `${named(nodeId)}: its credentials no longer exist (deleted?): pick others on the node`
      : `${detail.path}: these credentials no longer exist (deleted?): pick others`;
  }
  const message = detail.message.replace(UUID, named);
  if (nodeId) return `${named(nodeId)} › ${parts.slice(2).join(".") || "node"}: ${message}`;
  return detail.path ? `${detail.path}: ${message}` : message;
}
