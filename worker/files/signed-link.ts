// Short-lived download links for stored files: `/api/v1/files/<id>?key=…&expires=…&sig=…`, where `sig` is an
// HMAC-SHA256 (keyed by JWT_SECRET, with its own label so it never verifies as anything else) over the R2 key
// and the expiry. A link opens without an Authorization header (an <a href> in the editor, a link pasted into
// another tool) and only until it expires; changing any part of it breaks the signature.
import { forbidden } from "../errors";
import { equalHex, hmacHex } from "../jobs/hmac";

const LABEL = "agentflare-file-link";

/** Keys a link may name: a user's upload, or a file a run stored (`ctx.files.put`); never large values. */
const LINKABLE = /^runs\/[^/]+\/(?:uploads|[0-9a-f-]{36}\/files)\/([0-9a-f-]{36})\/[^/]+$/;

/** The file id (the uuid segment) of a linkable key, or null for any other key. */
export const linkableFileId = (key: string): string | null => LINKABLE.exec(key)?.[1] ?? null;

/** FILES_LINK_TTL_SECONDS: how long a signed link works (default 5 minutes). */
export function linkTtlSeconds(env: Env): number {
  const n = Number(env.FILES_LINK_TTL_SECONDS);
  return Number.isInteger(n) && n > 0 ? n : 300;
}

const message = (key: string, expires: number) => `${LABEL}\n${key}\n${expires}`;

export type SignedLink = { url: string; expires_at: string };

/** @example await signFileLink(env, "runs/u/uploads/<id>/a.csv", Date.now()) // { url: "/api/v1/files/<id>?…" } */
export async function signFileLink(env: Env, key: string, nowMs: number): Promise<SignedLink> {
  const id = linkableFileId(key);
  if (!id) throw forbidden("This object cannot be linked");
  const expires = Math.floor(nowMs / 1000) + linkTtlSeconds(env);
  const sig = await hmacHex(env.JWT_SECRET, message(key, expires));
  const query = new URLSearchParams({ key, expires: String(expires), sig });
  return { url: `/api/v1/files/${id}?${query}`, expires_at: new Date(expires * 1000).toISOString() };
}

/** The R2 key a link for file `id` names, or a 403 when it is expired, altered or for another id. */
export async function verifyFileLink(
  env: Env,
  id: string,
  query: { key?: string; expires?: string; sig?: string },
  nowMs: number,
): Promise<string> {
  const { key = "", sig = "" } = query;
  const expires = Number(query.expires);
  if (!Number.isInteger(expires) || linkableFileId(key) !== id) throw forbidden("Invalid file link");
  const expected = await hmacHex(env.JWT_SECRET, message(key, expires));
  if (!equalHex(expected, sig.toLowerCase())) throw forbidden("Invalid file link");
  if (expires * 1000 < nowMs) throw forbidden("This file link has expired");
  return key;
}
