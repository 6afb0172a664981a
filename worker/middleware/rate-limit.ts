// Rate limits backed by the RateLimiter Durable Object: one object (token bucket) per key, one call per request.
import type { Context, MiddlewareHandler } from "hono";
import type { RateLimitDecision } from "../../durable-objects/rate-limiter";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

/** A limit of 0 (or unset / not a number) turns limiting off, e.g. for local benchmarks. */
const parseLimit = (text: string | undefined) => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : 0;
};

const headersFor = (d: RateLimitDecision): Record<string, string> => ({
  "X-RateLimit-Limit": String(d.limit),
  "X-RateLimit-Remaining": String(d.remaining),
  "X-RateLimit-Reset": String(d.reset),
});

/**
 * Spend one token from `key`'s bucket. Sets the X-RateLimit-* headers on the response being built, or throws
 * 429 `rate_limited` with Retry-After when the bucket is empty.
 * @example await enforceRateLimit(c, `user:${userId}`, c.env.RATE_LIMIT_PER_MINUTE);
 */
export async function enforceRateLimit(c: Context<AppEnv>, key: string, limitText: string | undefined) {
  const limit = parseLimit(limitText);
  if (limit === 0) return undefined;
  const decision = await c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key)).take(limit);
  const headers = headersFor(decision);
  if (!decision.allowed) {
    throw new ApiError(429, "rate_limited", `Rate limit of ${decision.limit} requests per minute exceeded`, [], {
      ...headers,
      "Retry-After": String(decision.retry_after),
    });
  }
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return headers;
}

/**
 * Put rate-limit headers on whatever response the rest of the chain produced (a handler may return a raw
 * Response, or throw and let onError render one). WebSocket upgrades (101) are left untouched.
 */
export function applyRateLimitHeaders(c: Context<AppEnv>, headers: Record<string, string> | undefined) {
  if (!headers || c.res.status === 101) return;
  for (const [name, value] of Object.entries(headers)) {
    if (!c.res.headers.has(name)) c.header(name, value);
  }
}

/** The caller's address as Cloudflare reports it; local tools and tests send none. */
export const clientIp = (c: Context<AppEnv>) => c.req.header("CF-Connecting-IP") ?? "unknown";

/**
 * Per-client-IP limit (AUTH_RATE_LIMIT_PER_MINUTE) for unauthenticated endpoints such as login, against
 * password guessing.
 * @example router.openapi(createRoute({ ..., middleware: [ipRateLimit()] }), handler)
 */
export const ipRateLimit = (): MiddlewareHandler<AppEnv> =>
  async function ipRateLimit(c, next) {
    const headers = await enforceRateLimit(c, `ip:${clientIp(c)}`, c.env.AUTH_RATE_LIMIT_PER_MINUTE);
    await next();
    applyRateLimitHeaders(c, headers);
  };
