// Tokens from an external identity provider (Supabase, Auth0, ...), verified against its JWKS, the way AutoGPT
// accepts Supabase tokens. Active only when both JWKS_URL and JWKS_ISSUER are set.
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import { users } from "../../db/schema";
import { log } from "../log";

/** Asymmetric algorithms only: an HS256 token is ours, never the provider's. */
export const EXTERNAL_ALGORITHMS = ["RS256", "ES256"];

type ExternalEnv = Pick<Env, "JWKS_URL" | "JWKS_ISSUER" | "JWKS_AUDIENCE"> & { LOG_LEVEL?: string };

// One key set per URL per isolate: jose caches the fetched keys and refetches on an unknown `kid`.
const keySets = new Map<string, JWTVerifyGetKey>();
const keySetFor = (url: string) => {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cacheMaxAge: 10 * 60_000 });
    keySets.set(url, keySet);
  }
  return keySet;
};

let warnedMissingIssuer = false;

/**
 * Whether external tokens are accepted. A key set alone is not enough: without JWKS_ISSUER, any token signed
 * by that key set (another project or tenant of the same provider) would sign in, so the path stays off and
 * the misconfiguration is logged once per isolate.
 */
export function externalIdentityEnabled(env: ExternalEnv): boolean {
  if (!env.JWKS_URL) return false;
  if (env.JWKS_ISSUER) return true;
  if (!warnedMissingIssuer) {
    warnedMissingIssuer = true;
    log(env, "error", "JWKS_URL is set without JWKS_ISSUER: external identity tokens are refused");
  }
  return false;
}

/**
 * Verify an external token (signature from JWKS_URL, RS256/ES256, issuer JWKS_ISSUER, audience JWKS_AUDIENCE
 * when set, not expired) and return its subject and email claim. Throws a jose error otherwise, and when
 * external identity is not fully configured.
 * @example const { subject, email } = await verifyExternalToken(c.env, token);
 */
export async function verifyExternalToken(
  env: ExternalEnv,
  token: string,
): Promise<{ subject: string; email: string | undefined }> {
  if (!env.JWKS_URL || !externalIdentityEnabled(env)) throw new Error("external identity is not configured");
  const { payload } = await jwtVerify(token, keySetFor(env.JWKS_URL), {
    algorithms: EXTERNAL_ALGORITHMS,
    issuer: env.JWKS_ISSUER,
    audience: env.JWKS_AUDIENCE || undefined,
    requiredClaims: ["sub", "exp"],
  });
  if (!payload.sub) throw new Error("external token has no subject");
  const email = typeof payload.email === "string" ? payload.email.toLowerCase() : undefined;
  return { subject: payload.sub, email };
}

/**
 * The user id for an external subject, creating the user on first sight. The email claim becomes the user's
 * email unless a local account already has it: accounts are never linked by email, since that would let
 * whoever controls the provider take over a password account. Then the subject's placeholder address; and when
 * that is taken too (local signup accepts any address, and subjects are not secret) a random one, so nobody can
 * keep a subject from signing in by registering its addresses first.
 */
export async function userIdForExternalSubject(db: D1Database, subject: string, email: string | undefined) {
  const orm = drizzle(db);
  const find = async () =>
    (await orm.select({ id: users.id }).from(users).where(eq(users.externalSubject, subject)).limit(1))[0]?.id;
  const existing = await find();
  if (existing) return existing;
  const placeholder = `${encodeURIComponent(subject).toLowerCase()}@external.invalid`;
  const unguessable = `${crypto.randomUUID()}@external.invalid`;
  for (const candidate of [...(email ? [email] : []), placeholder, unguessable]) {
    // Concurrent first requests race on the unique indexes; whoever loses re-reads the winner's row.
    await orm
      .insert(users)
      .values({ id: crypto.randomUUID(), email: candidate, externalSubject: subject })
      .onConflictDoNothing();
    const created = await find();
    if (created) return created;
  }
  throw new Error("could not create a user for the external subject");
}
