// Which version of a graph a run means, remembered per isolate for a moment: a busy agent then costs no D1
// read per run. Writers in this isolate (new version, active version changed, graph deleted) forget the
// graph at once; another isolate sees such a change within VERSION_TTL_MS.
import { BoundedCache } from "../../engine/bounded-cache";

const VERSION_TTL_MS = 2_000;
const MAX_ENTRIES = 5_000;

const resolved = new BoundedCache<string, number>({ max: MAX_ENTRIES, ttlMs: VERSION_TTL_MS });

const keyOf = (ownerId: string, graphId: string, asked: number | undefined) =>
  `${ownerId}\u0000${graphId}\u0000${asked ?? "active"}`;

/** The version `asked` (the active one when undefined) resolved to lately, if that is fresh. */
export function cachedVersion(ownerId: string, graphId: string, asked: number | undefined): number | undefined {
  return resolved.get(keyOf(ownerId, graphId, asked));
}

export function rememberVersion(ownerId: string, graphId: string, asked: number | undefined, version: number): void {
  resolved.set(keyOf(ownerId, graphId, asked), version);
}

/** Call after any write that changes which versions of a graph exist or which one is active. */
export function forgetGraph(ownerId: string, graphId: string): void {
  const prefix = `${ownerId}\u0000${graphId}\u0000`;
  resolved.deleteWhere((key) => key.startsWith(prefix));
}
