// Whether anyone watches a user's graphs live (a `subscribe_graph_executions` socket on their event hub). The
// hub records it in D1 when it changes; starting a run asks it (remembered per isolate for WATCH_TTL_MS) so a
// run announces itself to the owner's hub only when someone listens. A record written in this isolate is seen
// here at once; other isolates see it within the TTL (a watcher may miss a run started in that moment).
const WATCH_TTL_MS = 2_000;
const MAX_OWNERS = 10_000;

const known = new Map<string, { watching: boolean; until: number }>();

function remember(ownerId: string, watching: boolean) {
  if (!known.has(ownerId) && known.size >= MAX_OWNERS) known.delete(known.keys().next().value as string);
  known.set(ownerId, { watching, until: Date.now() + WATCH_TTL_MS });
}

/** @example const announce = await ownerWatchesGraphs(env.DB, userId); */
export async function ownerWatchesGraphs(db: D1Database, ownerId: string): Promise<boolean> {
  const hit = known.get(ownerId);
  if (hit && hit.until > Date.now()) return hit.watching;
  const row = await db
    .prepare("SELECT watching FROM graph_watches WHERE owner_id = ?")
    .bind(ownerId)
    .first<{ watching: number }>();
  const watching = row?.watching === 1;
  remember(ownerId, watching);
  return watching;
}

/** Called by the owner's event hub when its graph-level subscriptions go from none to some, or back. */
export async function recordGraphWatch(db: D1Database, ownerId: string, watching: boolean): Promise<void> {
  await db
    .prepare(
      `INSERT INTO graph_watches (owner_id, watching, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(owner_id) DO UPDATE SET watching = excluded.watching, updated_at = excluded.updated_at`,
    )
    .bind(ownerId, watching ? 1 : 0, new Date().toISOString())
    .run();
  remember(ownerId, watching);
}
