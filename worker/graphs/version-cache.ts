// Which version of a graph a run means, remembered per isolate for a moment: a busy agent then costs no D1
// read per run. Writers in this isolate (new version, active version changed, graph deleted) forget the
// graph at once; another isolate sees such a change within VERSION_TTL_MS.
const VERSION_TTL_MS = 2_000;
const MAX_ENTRIES = 5_000;

type Entry = { version: number; until: number };
const resolved = new Map<string, Entry>();

const keyOf = (ownerId: string, graphId: string, asked: number | undefined) =>
  `${ownerId}\u0000${graphId}\u0000${asked ?? "active"}`;

/** The version `asked` (the active one when undefined) resolved to lately, if that is fresh. */
export function cachedVersion(ownerId: string, graphId: string, asked: number | undefined): number | undefined {
  const entry = resolved.get(keyOf(ownerId, graphId, asked));
  return entry && entry.until > Date.now() ? entry.version : undefined;
}

export function rememberVersion(ownerId: string, graphId: string, asked: number | undefined, version: number): void {
  if (resolved.size >= MAX_ENTRIES) resolved.delete(resolved.keys().next().value as string);
  resolved.set(keyOf(ownerId, graphId, asked), { version, until: Date.now() + VERSION_TTL_MS });
}

/** Call after any write that changes which versions of a graph exist or which one is active. */
export function forgetGraph(ownerId: string, graphId: string): void {
  const prefix = `${ownerId}\u0000${graphId}\u0000`;
  for (const key of resolved.keys()) if (key.startsWith(prefix)) resolved.delete(key);
}
