// API keys: "agf_" + 32 random bytes (base64url). Only the SHA-256 of the whole key is stored; the first 12
// characters are kept as a visible prefix so users can tell their keys apart.
import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { apiKeys } from "../../db/schema";
import { toBase64url } from "../bytes";
import { sha256Hex } from "../sha256";
import { Scope } from "./identity";

export const API_KEY_MARKER = "agf_";
const PREFIX_LENGTH = 12;
/** `last_used_at` is rewritten at most once a minute per key, so a busy key does not cost a D1 write per request. */
const LAST_USED_PRECISION_MS = 60_000;

/** Whether a bearer credential is one of our API keys rather than a JWT. */
export const looksLikeApiKey = (credential: string) => credential.startsWith(API_KEY_MARKER);

/**
 * A fresh key with its storable parts.
 * @example const { key, prefix, hash } = await generateApiKey(); // key is shown to the user once
 */
export async function generateApiKey(): Promise<{ key: string; prefix: string; hash: string }> {
  const key = `${API_KEY_MARKER}${toBase64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), hash: await hashApiKey(key) };
}

/** Hex SHA-256. Keys carry 256 bits of entropy, so a fast unsalted hash is enough (unlike passwords). */
export const hashApiKey = (key: string): Promise<string> => sha256Hex(key);

/**
 * The live (not revoked) key matching a presented credential, or undefined.
 * @example const found = await findActiveApiKey(env.DB, presented);
 */
export async function findActiveApiKey(
  db: D1Database,
  presented: string,
): Promise<{ id: string; ownerId: string; scopes: Scope[]; stale: boolean } | undefined> {
  const hash = await hashApiKey(presented);
  const [row] = await drizzle(db)
    .select({ id: apiKeys.id, ownerId: apiKeys.ownerId, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return undefined;
  // Scopes were validated on creation; parsing again keeps an edited row from granting unknown powers.
  return {
    id: row.id,
    ownerId: row.ownerId,
    scopes: Scope.array().catch([]).parse(row.scopes),
    stale: !row.lastUsedAt || Date.parse(row.lastUsedAt) < Date.now() - LAST_USED_PRECISION_MS,
  };
}

/** Record use of a key; the caller runs this in waitUntil so the request does not wait for the write. */
export async function touchApiKey(db: D1Database, id: string): Promise<void> {
  await drizzle(db).update(apiKeys).set({ lastUsedAt: new Date().toISOString() }).where(eq(apiKeys.id, id));
}
