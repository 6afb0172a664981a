// The credentials a run names, kept sealed in the run object's memory from its start: the Worker reads the rows
// (still encrypted) while it checks them before the run starts and hands them over with the start request, so a
// model call decrypts in memory (the key is imported once per isolate) instead of another D1 read per node
// execution. Nothing decrypted is kept, nothing is stored. A row the run was not given (or an object restarted
// since) is read from D1 as before, for the run's owner only.

import { blockCatalog } from "../blocks/catalog";
import type { ResolvedCredentials } from "../blocks/contract";
import { credentialsNeeds } from "../graph/credentials-inputs";
import type { BaseGraph } from "../graph/schema";
import { VaultConfigError } from "./vault-cipher";
import { decryptRow, readCredential, type SealedCredentialRow } from "./vault-read";

export class RunCredentials {
  private readonly sealed = new Map<string, SealedCredentialRow>();

  /** The rows the start request carried (the Worker read them for the run's owner). */
  seed(rows: readonly SealedCredentialRow[] | undefined): void {
    for (const row of rows ?? []) this.sealed.set(row.id, row);
  }

  /** What a sub-run of the same owner starts with. */
  rows(): SealedCredentialRow[] {
    return [...this.sealed.values()];
  }

  /**
   * A sub-agent's graph with every credentials field it leaves empty filled from this run's credentials of a
   * provider and type the field takes (AutoGPT hands the parent run's credentials down the same way), so an agent
   * built without keys runs as a tool or sub-agent of one that has them. Fields the graph fills stay its own.
   * @example graph: runCredentials.inheritInto(child.graph)
   */
  inheritInto<G extends Pick<BaseGraph, "nodes" | "links">>(graph: G): G {
    if (this.sealed.size === 0) return graph;
    const fills = new Map<string, Record<string, unknown>>();
    for (const need of credentialsNeeds(graph, blockCatalog).values()) {
      const row = [...this.sealed.values()].find(
        (r) => need.providers.includes(r.provider) && (need.types.length === 0 || need.types.includes(r.type)),
      );
      if (!row) continue;
      for (const t of need.targets) {
        const node = graph.nodes.find((n) => n.id === t.nodeId);
        const own = node?.input_default[t.field] as { id?: unknown } | undefined;
        if (!node || (typeof own?.id === "string" && own.id !== "")) continue;
        const fill = fills.get(t.nodeId) ?? {};
        fill[t.field] = { id: row.id, provider: row.provider, type: row.type, title: row.title };
        fills.set(t.nodeId, fill);
      }
    }
    if (fills.size === 0) return graph;
    return {
      ...graph,
      nodes: graph.nodes.map((n) => {
        const fill = fills.get(n.id);
        return fill ? { ...n, input_default: { ...n.input_default, ...fill } } : n;
      }),
    };
  }

  /**
   * The owner's credential, decrypted; null for an unknown id or another user's.
   * @example const cred = await runCredentials.read(env, run.ownerId, id);
   */
  async read(env: Env, ownerId: string, id: string): Promise<ResolvedCredentials | null> {
    const row = this.sealed.get(id);
    if (row && row.owner_id === ownerId) {
      try {
        return await decryptRow(env, row);
      } catch (err) {
        // Re-encrypted under a key this isolate no longer holds (rotation during the run): D1 has the new row.
        if (!(err instanceof VaultConfigError)) throw err;
        this.sealed.delete(id);
      }
    }
    return readCredential(env, ownerId, id);
  }
}
