// Authentication and scope checks for every protected route.
import type { Context, MiddlewareHandler } from "hono";
import { decodeProtectedHeader } from "jose";
import { BoundedCache } from "../../engine/bounded-cache";
import { findActiveApiKey, looksLikeApiKey, touchApiKey } from "../auth/api-key";
import {
  EXTERNAL_ALGORITHMS,
  externalIdentityEnabled,
  userIdForExternalSubject,
  verifyExternalToken,
} from "../auth/external-jwt";
import { ALL_SCOPES, type AuthIdentity, type Scope } from "../auth/identity";
import { isCurrentGeneration } from "../auth/session-generation";
import { verifySession } from "../auth/session-jwt";
import type { AppEnv } from "../env";
import { ApiError, forbidden, unauthorized } from "../errors";
import { applyRateLimitHeaders, clientIp, enforceRateLimit } from "./rate-limit";

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

/**
 * Browsers cannot set headers on a WebSocket, so upgrades may carry the credential as `?token=<jwt or key>` or
 * as a `Sec-WebSocket-Protocol` entry `bearer.<jwt or key>` (the handler must then echo a protocol it accepts).
 * Headers still work for other clients.
 */
function webSocketCredential(c: Context<AppEnv>): string | undefined {
  const fromQuery = c.req.query("token");
  if (fromQuery) return fromQuery;
  const protocols = c.req.header("Sec-WebSocket-Protocol")?.split(",") ?? [];
  const bearer = protocols.map((p) => p.trim()).find((p) => p.startsWith("bearer."));
  if (bearer) return bearer.slice("bearer.".length);
  return presentedCredential(c);
}

/**
 * Keys verified against D1 in this isolate, for a few seconds: a busy key costs one D1 lookup per
 * VERIFIED_KEY_TTL_MS instead of one per request. Revoking drops the key here at once (`forgetApiKey`); other
 * isolates notice within the TTL. Only valid keys are kept (failures go to the per-IP bucket every time).
 */
const VERIFIED_KEY_TTL_MS = 10_000;
const VERIFIED_KEYS_MAX = 1_000;
/** `last_used_at` is written at most this often per key from one isolate (as `findActiveApiKey`'s `stale`). */
const TOUCH_EVERY_MS = 60_000;
type VerifiedKey = { identity: AuthIdentity; touchedAt: number };
const verifiedKeys = new BoundedCache<string, VerifiedKey>({ max: VERIFIED_KEYS_MAX, ttlMs: VERIFIED_KEY_TTL_MS });

/** Forget a revoked key in this isolate (its next use is looked up in D1 again). */
export function forgetApiKey(apiKeyId: string): void {
  verifiedKeys.deleteWhere((_credential, entry) => entry.identity.apiKeyId === apiKeyId);
}

async function identityFromApiKey(c: Context<AppEnv>, key: string): Promise<AuthIdentity> {
  const now = Date.now();
  const cached = verifiedKeys.get(key);
  if (cached) {
    if (now - cached.touchedAt >= TOUCH_EVERY_MS && cached.identity.apiKeyId) {
      cached.touchedAt = now;
      await markUsed(c, touchApiKey(c.env.DB, cached.identity.apiKeyId));
    }
    return { ...cached.identity, scopes: [...cached.identity.scopes] };
  }
  const found = await findActiveApiKey(c.env.DB, key);
  if (!found) {
    verifiedKeys.delete(key);
    throw unauthorized(INVALID);
  }
  if (found.stale) await markUsed(c, touchApiKey(c.env.DB, found.id));
  const identity: AuthIdentity = { userId: found.ownerId, scopes: found.scopes, via: "api_key", apiKeyId: found.id };
  verifiedKeys.set(key, { identity, touchedAt: now });
  return { ...identity, scopes: [...identity.scopes] };
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
    const { userId, generation } = await orUnauthorized(verifySession(c.env, token));
    // Signed out everywhere (or the password changed) since this token was issued.
    if (!(await isCurrentGeneration(c.env.DB, userId, generation))) throw unauthorized(INVALID);
    return { userId, scopes: [...ALL_SCOPES], via: "jwt" };
  }
  if (alg && EXTERNAL_ALGORITHMS.includes(alg) && externalIdentityEnabled(c.env)) {
    const { subject, email } = await orUnauthorized(verifyExternalToken(c.env, token));
    const userId = await userIdForExternalSubject(c.env.DB, subject, email);
    return { userId, scopes: [...ALL_SCOPES], via: "external_jwt" };
  }
  // alg "none" or any algorithm we do not accept.
  throw unauthorized(INVALID);
}

type CredentialSource = (c: Context<AppEnv>) => string | undefined;

/** Identity for a request, or 401. Failed attempts spend from the caller's per-IP auth bucket (brute force). */
async function authenticate(c: Context<AppEnv>, source: CredentialSource): Promise<AuthIdentity> {
  try {
    const credential = source(c);
    if (!credential) throw unauthorized();
    return looksLikeApiKey(credential) ? await identityFromApiKey(c, credential) : await identityFromJwt(c, credential);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      await enforceRateLimit(c, `ip:${clientIp(c)}`, c.env.AUTH_RATE_LIMIT_PER_MINUTE);
    }
    throw err;
  }
}

const lacks = (identity: AuthIdentity, scope: Scope | undefined) =>
  scope !== undefined && !identity.scopes.includes(scope);

function authMiddleware(name: string, source: CredentialSource, scope: Scope | undefined): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const established = c.get("auth");
    if (established) {
      if (lacks(established, scope)) throw forbidden(`This credential lacks the '${scope}' scope`);
      return next();
    }
    const identity = await authenticate(c, source);
    c.set("auth", identity);
    const bucket = identity.apiKeyId ? `key:${identity.apiKeyId}` : `user:${identity.userId}`;
    const headers = await enforceRateLimit(c, bucket, c.env.RATE_LIMIT_PER_MINUTE);
    if (lacks(identity, scope)) throw forbidden(`This credential lacks the '${scope}' scope`);
    await next();
    applyRateLimitHeaders(c, headers);
  };
  Object.defineProperty(middleware, "name", { value: name });
  return middleware;
}

/**
 * Require a valid identity (session JWT, external JWT or API key, from `Authorization: Bearer` or `X-API-Key`)
 * and, optionally, a scope: 401 `unauthorized` / 403 `forbidden` otherwise. Sets `c.get("auth")` and applies the
 * per-identity rate limit (RATE_LIMIT_PER_MINUTE). Session and external JWTs carry every scope; API keys carry
 * only theirs. Stacking is cheap: an inner `requireAuth("write")` after a router-wide `requireAuth()` only checks
 * the scope.
 * @example
 * router.use("*", requireAuth());
 * router.openapi(createRoute({ method: "delete", path: "/{id}", middleware: [requireAuth("write")], ... }), h);
 */
export const requireAuth = (scope?: Scope): MiddlewareHandler<AppEnv> =>
  authMiddleware("requireAuth", presentedCredential, scope);

/**
 * `requireAuth` for WebSocket upgrades: also accepts `?token=<jwt or key>` or a `Sec-WebSocket-Protocol` entry
 * `bearer.<jwt or key>` (browsers cannot send headers on a WebSocket). When the client offered protocols, the
 * handler must answer with one of them in `Sec-WebSocket-Protocol` or the browser drops the connection.
 * @example router.get("/ws", requireWebSocketAuth("read"), (c) => upgradeToRunEvents(c));
 */
export const requireWebSocketAuth = (scope?: Scope): MiddlewareHandler<AppEnv> =>
  authMiddleware("requireWebSocketAuth", webSocketCredential, scope);
