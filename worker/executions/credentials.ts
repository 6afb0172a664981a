// Binding a run's credentials before it starts (AutoGPT's make_node_credentials_input_map + credentials
// validation): each graph-level credentials field takes its value from the request's `credentials_inputs`,
// else each node keeps the one in its own `input_default`. Every named credential must be the owner's and of a
// provider and type the field accepts; anything missing or refused is one 400 naming every field. The nodes
// the run gets carry `{id, provider, type, title}` only: the secret is read by the block at run time.

import type { SealedCredentialRow } from "../../durable-objects/vault-read";
import type { BlockCatalog } from "../../graph/block-catalog";
import { type CredentialsNeed, credentialsNeeds } from "../../graph/credentials-inputs";
import type { BaseGraph, GraphNode } from "../../graph/schema";
import { CredentialsMeta } from "../credentials/shapes";
import { sealedCredentials } from "../credentials/vault";
import { badRequest, type ErrorDetail } from "../errors";

/** The nodes with their credentials bound, and the named credentials' rows (sealed) for the run to decrypt. */
export type BoundCredentials = { nodes: GraphNode[]; sealed: SealedCredentialRow[] };

/** One reference to check: where it came from (for the error path) and which need it fills. */
type Ref = { path: string; id: string; need: CredentialsNeed; nodeIds: string[] };

const describe = (need: CredentialsNeed) => `${need.providers.join(" or ")} ${need.types.join(" or ")}`;

/**
 * The graph's nodes with every credentials field bound, or a 400 listing what is missing or refused.
 * Graphs without credentials fields cost nothing (no D1 read) and return the same nodes.
 * @example const { nodes, sealed } = await bindRunCredentials(env.DB, ownerId, graph, blockCatalog, inputs);
 */
export async function bindRunCredentials(
  db: D1Database,
  ownerId: string,
  graph: BaseGraph,
  catalog: BlockCatalog,
  given: Readonly<Record<string, unknown>> = {},
): Promise<BoundCredentials> {
  const needs = credentialsNeeds(graph, catalog);
  const problems: ErrorDetail[] = [];
  for (const key of Object.keys(given)) {
    if (!needs.has(key))
      problems.push({
        path: `credentials_inputs.${key}`,
        message: "The graph has no credentials input with this name",
      });
  }
  if (needs.size === 0) {
    if (problems.length > 0) throw badRequest("Invalid credentials", problems);
    return { nodes: graph.nodes, sealed: [] };
  }
  const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  const refs: Ref[] = [];
  /** node id → field → the checked reference filling it. */
  const bound = new Map<string, Map<string, Ref>>();
  const bind = (nodeId: string, field: string, ref: Ref) => {
    if (!bound.has(nodeId)) bound.set(nodeId, new Map());
    bound.get(nodeId)?.set(field, ref);
  };

  for (const need of needs.values()) {
    const supplied = given[need.key];
    if (supplied !== undefined && supplied !== null) {
      const parsed = CredentialsMeta.safeParse(supplied);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({
            path: ["credentials_inputs", need.key, ...issue.path.map(String)].join("."),
            message: issue.message,
          });
        }
        continue;
      }
      const ref = { path: `credentials_inputs.${need.key}`, id: parsed.data.id, need, nodeIds: [] as string[] };
      refs.push(ref);
      for (const t of need.targets) {
        ref.nodeIds.push(t.nodeId);
        bind(t.nodeId, t.field, ref);
      }
      continue;
    }
    const missing: string[] = [];
    for (const t of need.targets) {
      const own = nodesById.get(t.nodeId)?.input_default[t.field];
      const parsed = own === undefined || own === null ? undefined : CredentialsMeta.safeParse(own);
      if (parsed?.success) {
        const ref = { path: `nodes.${t.nodeId}.${t.field}`, id: parsed.data.id, need, nodeIds: [t.nodeId] };
        refs.push(ref);
        bind(t.nodeId, t.field, ref);
      } else if (!t.optional) missing.push(t.nodeId);
    }
    if (missing.length > 0) {
      problems.push({
        path: `credentials_inputs.${need.key}`,
        message: `Credentials required (${describe(need)}) for node${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
      });
    }
  }

  const found =
    refs.length > 0
      ? await sealedCredentials(
          db,
          ownerId,
          refs.map((r) => r.id),
        )
      : new Map<string, SealedCredentialRow>();
  for (const ref of refs) {
    const meta = found.get(ref.id);
    if (!meta) {
      // Someone else's id reads exactly like an id that does not exist.
      problems.push({ path: ref.path, message: `Unknown credentials ${ref.id}` });
    } else if (ref.need.providers.length > 0 && !ref.need.providers.includes(meta.provider)) {
      problems.push({
        path: ref.path,
        message: `Credentials ${ref.id} are for ${meta.provider}; this input takes ${ref.need.providers.join(" or ")}`,
      });
    } else if (ref.need.types.length > 0 && !ref.need.types.includes(meta.type)) {
      problems.push({
        path: ref.path,
        message: `Credentials ${ref.id} are ${meta.type}; this input takes ${ref.need.types.join(" or ")}`,
      });
    }
  }
  if (problems.length > 0) throw badRequest("Invalid credentials", problems);

  const nodes = graph.nodes.map((node) => {
    const fields = bound.get(node.id);
    if (!fields) return node;
    const input_default = { ...node.input_default };
    for (const [field, ref] of fields) {
      const meta = found.get(ref.id) as SealedCredentialRow;
      input_default[field] = { id: meta.id, provider: meta.provider, type: meta.type, title: meta.title };
    }
    return { ...node, input_default };
  });
  return { nodes, sealed: [...found.values()] };
}
