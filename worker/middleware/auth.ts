// Authentication and scope checks for every protected route.
import type { Context, MiddlewareHandler } from "hono";
import { decodeProtectedHeader } from "jose";
import { findActiveApiKey, looksLikeApiKey, touchApiKey } from "../auth/api-key";
import { EXTERNAL_ALGORITHMS, userIdForExternalSubject, verifyExternalToken } from "../auth/external-jwt";
import { ALL_SCOPES, type AuthIdentity, type Scope } from "../auth/identity";
import { verifySession } from "../auth/session-jwt";
import type { AppEnv } from "../env";
import { forbidden, unauthorized } from "../errors";
import { applyRateLimitHeaders, enforceRateLimit } from "./rate-limit";

const INVALID = "Invalid or expired credentials";

/** `X-API-Key: <key>` or `Authorization: Bearer <jwt or key>`; undefined when neither is present. */
function presentedCredential(c: Context<AppEnv>): string | undefined {
  const apiKey = c.req.header("X-API-Key");
  if (apiKey !== undefined) return apiKey.trim();
  const authorization = c.req.header("Authorization");
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw unauthorized("Authorization header must be 'Bearer <token>'");
  return match[1];
}

async function identityFromApiKey(c: Context<AppEnv>, key: string): Promise<AuthIdentity> {
  const found = await findActiveApiKey(c.env.DB, key);
  if (!found) throw unauthorized(INVALID);
  await markUsed(c, touchApiKey(c.env.DB, found.id));
  return { userId: found.ownerId, scopes: found.scopes, via: "api_key", apiKeyId: found.id };
}

/** Don't make the caller wait for bookkeeping writes; outside a Worker invocation (unit tests) just await. */
function markUsed(c: Context<AppEnv>, write: Promise<void>) {
  let ctx: Context<AppEnv>["executionCtx"] | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // Hono throws when the app was called without an execution context; handled below by awaiting instead.
  }
  if (ctx) ctx.waitUntil(write);
  else return write;
}

/**
 * Every verification failure (signature, expiry, issuer, audience, JWKS unreachable) is the same 401 to the
 * caller: the reason is not worth leaking.
 */
const orUnauthorized = <T>(verification: Promise<T>) =>
  verification.catch(() => {
    throw unauthorized(INVALID);
  });

async function identityFromJwt(c: Context<AppEnv>, token: string): Promise<AuthIdentity> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw unauthorized(INVALID);
  }
  if (alg === "HS256") {
    const { userId } = await orUnauthorized(verifySession(c.env, token));
    return { userId, scopes: [...ALL_SCOPES], via: "jwt" };
  }
  if (alg && EXTERNAL_ALGORITHMS.includes(alg) && c.env.JWKS_URL) {
    const { subject, email } = await orUnauthorized(verifyExternalToken(c.env, token));
    const userId = await userIdForExternalSubject(c.env.DB, subject, email);
    return { userId, scopes: [...ALL_SCOPES], via: "external_jwt" };
  }
  // alg "none" or any algorithm we do not accept.
  throw unauthorized(INVALID);
}

/**
 * Require a valid identity (session JWT, external JWT or API key) and, optionally, a scope. Sets `c.get("auth")`
 * and applies the per-identity rate limit (RATE_LIMIT_PER_MINUTE). Session and external JWTs carry every scope;
 * API keys carry only theirs. Stacking is cheap: an inner `requireAuth("write")` after a router-wide
 * `requireAuth()` only checks the scope.
 * @example
 * router.use("*", requireAuth());
 * router.openapi(createRoute({ method: "delete", path: "/{id}", middleware: [requireAuth("write")], ... }), h);
 */
export const requireAuth = (scope?: Scope): MiddlewareHandler<AppEnv> =>
  async function requireAuth(c, next) {
    const established = c.get("auth");
    if (established) {
      if (scope && !established.scopes.includes(scope)) throw forbidden(`This credential lacks the '${scope}' scope`);
      return next();
    }
    const credential = presentedCredential(c);
    if (!credential) throw unauthorized();
    const identity = looksLikeApiKey(credential)
      ? await identityFromApiKey(c, credential)
      : await identityFromJwt(c, credential);
    c.set("auth", identity);
    const bucket = identity.apiKeyId ? `key:${identity.apiKeyId}` : `user:${identity.userId}`;
    const headers = await enforceRateLimit(c, bucket, c.env.RATE_LIMIT_PER_MINUTE);
    if (scope && !identity.scopes.includes(scope)) throw forbidden(`This credential lacks the '${scope}' scope`);
    await next();
    applyRateLimitHeaders(c, headers);
  };
