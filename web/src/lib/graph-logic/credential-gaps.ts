// Nodes that cannot run yet because a credentials field of theirs has nothing picked. The same rule the server
// applies when a run starts (graph/credentials-inputs.ts), so the editor can say so at save time instead.
import type { BlockCatalog, CatalogBlock } from "../../../../graph/block-catalog";
import { credentialsNeeds } from "../../../../graph/credentials-inputs";
import type { GraphNode } from "../../../../graph/schema";
import type { BlockInfo } from "../api/schemas";

/** The server's catalog shape from the editor's block list (credentialsNeeds reads only `input`). */
const catalogOf =
  (blockOf: (blockId: string) => BlockInfo | undefined): BlockCatalog =>
  (blockId) => {
    const b = blockOf(blockId);
    if (!b) return undefined;
    const input = b.input_schema as CatalogBlock["input"];
    return { id: b.id, name: b.name, blockType: b.block_type, staticOutput: false, input, output: {} };
  };

/** A picked credential is an object with an id; anything else (nothing, "", null) is not picked. */
export const hasCredentials = (value: unknown): boolean =>
  typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";

/**
 * Ids of nodes with a required credentials field left empty, in graph order.
 * @example nodesNeedingCredentials([aiNodeWithoutPick], blockOf) // ["<ai node id>"]
 */
export function nodesNeedingCredentials(
  nodes: Pick<GraphNode, "id" | "block_id" | "input_default" | "metadata">[],
  blockOf: (blockId: string) => BlockInfo | undefined,
): string[] {
  const missing = new Set<string>();
  for (const need of credentialsNeeds({ nodes: nodes as GraphNode[] }, catalogOf(blockOf)).values()) {
    for (const t of need.targets) {
      const node = nodes.find((n) => n.id === t.nodeId);
      if (!t.optional && !hasCredentials(node?.input_default[t.field])) missing.add(t.nodeId);
    }
  }
  return nodes.map((n) => n.id).filter((id) => missing.has(id));
}
