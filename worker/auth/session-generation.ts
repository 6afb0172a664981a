// The user's session generation: every session token carries the generation it was issued under, and only tokens
// of the current one are accepted. Bumping it (sign out everywhere, a new password) ends every older session.
// Read per request, so it is kept per isolate for a few seconds: a bump is seen at once in the isolate that made
// it, and by other isolates within GENERATION_TTL_MS.
import { BoundedCache } from "../../engine/bounded-cache";

const GENERATION_TTL_MS = 5_000;
const CACHE_MAX = 10_000;
/** User id → session generation, as last read or bumped here. */
const cache = new BoundedCache<string, number>({ max: CACHE_MAX, ttlMs: GENERATION_TTL_MS });

/**
 * Whether a token of this generation is current. A token newer than what this isolate remembers (issued after a
 * bump elsewhere) is checked against D1 at once rather than refused until the cache expires.
 */
export async function isCurrentGeneration(db: D1Database, userId: string, presented: number): Promise<boolean> {
  const known = cache.get(userId);
  if (known !== undefined && presented <= known) return presented === known;
  return presented === (await readGeneration(db, userId));
}

/** The user's generation from D1; 0 for an unknown user (its token is judged elsewhere, e.g. by /auth/me). */
async function readGeneration(db: D1Database, userId: string): Promise<number> {
  const row = await db
    .prepare("SELECT session_generation AS g FROM users WHERE id = ? LIMIT 1")
    .bind(userId)
    .first<{ g: number }>();
  const generation = row?.g ?? 0;
  cache.set(userId, generation);
  return generation;
}

/** Ends every session of the user; returns the new generation (for a fresh token of the caller's own). */
export async function bumpGeneration(db: D1Database, userId: string): Promise<number> {
  const row = await db
    .prepare(
      "UPDATE users SET session_generation = session_generation + 1 WHERE id = ? RETURNING session_generation AS g",
    )
    .bind(userId)
    .first<{ g: number }>();
  const generation = row?.g ?? 0;
  cache.set(userId, generation);
  return generation;
}
