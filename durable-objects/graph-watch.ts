// Who listens on a user's event hub, kept in D1 (`graph_watches.watching`) by the hub whenever it changes:
//   0 (or no row): no socket open; 1: a socket watches their graphs (`subscribe_graph_executions`);
//   2: sockets open, none watching graphs.
// Starting a run asks whether anyone watches graphs (remembered per isolate for WATCH_TTL_MS) so a run announces
// itself to the owner's hub only then; a run's end reads the level in its index batch (run-end-notices.ts) so a
// notification is pushed only to an owner with a socket open. A record written in this isolate is seen here at
// once; other isolates see it within the TTL (a graph watcher may miss a run started in that moment).
import { eq, sql } from "drizzle-orm";
import { orm } from "../db/orm";
import { graphWatches } from "../db/schema";
import { BoundedCache } from "../engine/bounded-cache";

const WATCH_TTL_MS = 2_000;
const MAX_OWNERS = 10_000;

export const WATCH_LEVEL = { none: 0, graphs: 1, sockets: 2 } as const;
export type WatchLevel = (typeof WATCH_LEVEL)[keyof typeof WATCH_LEVEL];

const known = new BoundedCache<string, boolean>({ max: MAX_OWNERS, ttlMs: WATCH_TTL_MS });

/** Whether a stored level means a socket is open (any level but none). */
export const hasOpenSockets = (level: number | null | undefined): boolean =>
  level === WATCH_LEVEL.graphs || level === WATCH_LEVEL.sockets;

/** @example const announce = await ownerWatchesGraphs(env.DB, userId); */
export async function ownerWatchesGraphs(db: D1Database, ownerId: string): Promise<boolean> {
  const hit = known.get(ownerId);
  if (hit !== undefined) return hit;
  const row = await orm(db)
    .select({ watching: graphWatches.watching })
    .from(graphWatches)
    .where(eq(graphWatches.ownerId, ownerId))
    .get();
  const watching = row?.watching === WATCH_LEVEL.graphs;
  known.set(ownerId, watching);
  return watching;
}

/** Called by the owner's event hub when its listeners change level (see the top of this file). */
export async function recordGraphWatch(db: D1Database, ownerId: string, level: WatchLevel): Promise<void> {
  await orm(db)
    .insert(graphWatches)
    .values({ ownerId, watching: level, updatedAt: new Date().toISOString() })
    .onConflictDoUpdate({
      target: graphWatches.ownerId,
      set: { watching: sql`excluded.watching`, updatedAt: sql`excluded.updated_at` },
    });
  known.set(ownerId, level === WATCH_LEVEL.graphs);
}
