// Copies of store agents in a user's account. A store agent runs as the user's own graph, copied from the
// listed snapshot (export-stripped again as it is read: no secrets or credentials of the creator), so it runs
// through the one start path with the user's credentials and the user's tenancy. Every graph of the copy gets a
// fresh id; sub-agents follow (graph/import.ts), and AgentExecutor nodes run as the user.

import { blockCatalog } from "../../blocks/catalog";
import { graphIdsOf, planImport } from "../../graph/import";
import { normalizeGraph } from "../../graph/normalize";
import { GraphSchema } from "../../graph/schema";
import { appendVersion, insertGraphs } from "../graphs/repository";

function plan(snapshot: unknown, ownerId: string, forkedFrom?: { id: string; version: number }) {
  const file = GraphSchema.parse(snapshot);
  const { graph } = planImport(file, {
    catalog: blockCatalog,
    ownerId,
    takenGraphIds: new Set(graphIdsOf(file)),
  });
  const normalized = normalizeGraph(graph, blockCatalog);
  return {
    main: {
      ...normalized,
      id: graph.id,
      version: 1,
      forked_from_id: forkedFrom?.id ?? normalized.forked_from_id ?? null,
      forked_from_version: forkedFrom?.version ?? normalized.forked_from_version ?? null,
    },
    subs: normalized.sub_graphs.map((sub) => ({
      ...sub,
      id: sub.id ?? crypto.randomUUID(),
      version: sub.version ?? 1,
    })),
  };
}

/** A new graph (version 1) in the user's account from a listed snapshot; returns its id. */
export async function copySnapshot(
  db: D1Database,
  ownerId: string,
  snapshot: unknown,
  forkedFrom?: { id: string; version: number },
): Promise<{ id: string; version: number }> {
  const { main, subs } = plan(snapshot, ownerId, forkedFrom);
  await insertGraphs(db, ownerId, [main, ...subs]);
  return { id: main.id, version: 1 };
}

/** A newer listed snapshot as the next version of the user's existing copy; returns that version. */
export async function appendSnapshot(
  db: D1Database,
  ownerId: string,
  graphId: string,
  snapshot: unknown,
): Promise<number | null> {
  const { main, subs } = plan(snapshot, ownerId);
  if (subs.length > 0) await insertGraphs(db, ownerId, subs);
  const { sub_graphs: _subs, id: _id, version: _version, ...body } = main;
  return appendVersion(db, ownerId, graphId, body);
}
