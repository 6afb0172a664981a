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
 * Per isolate, what the limiter last said about each bucket. While a bucket is far from empty, a request
 * spends its token without waiting for the answer: every request is still counted by the limiter (exactly),
 * only the refusal can come a few requests late — at most as many as arrive during one limiter round trip
 * after the bucket fell below the margin, since each answer updates this estimate.
 */
type Headroom = { limit: number; remaining: number; at: number; pending: number };
const headroom = new Map<string, Headroom>();
const HEADROOM_MAX_KEYS = 10_000;
/** Tokens that must be left (after the requests still in flight) to answer without waiting. */
const MARGIN_TOKENS = 100;
/** Older answers are not trusted (other isolates drain the same bucket). */
const HEADROOM_FRESH_MS = 1_000;

function remember(key: string, limit: number, decision: RateLimitDecision): Headroom {
  let known = headroom.get(key);
  if (!known) {
    if (headroom.size >= HEADROOM_MAX_KEYS) headroom.delete(headroom.keys().next().value as string);
    known = { limit, remaining: decision.remaining, at: Date.now(), pending: 0 };
    headroom.set(key, known);
  }
  known.limit = limit;
  known.remaining = decision.remaining;
  known.at = Date.now();
  return known;
}

/** Headers for a request admitted without waiting on the limiter, or undefined when it must wait. */
function farFromLimit(
  c: Context<AppEnv>,
  key: string,
  limit: number,
  take: Promise<RateLimitDecision>,
): Record<string, string> | undefined {
  const known = headroom.get(key);
  if (!known || known.limit !== limit || Date.now() - known.at > HEADROOM_FRESH_MS) return undefined;
  if (known.remaining - known.pending - 1 < MARGIN_TOKENS) return undefined;
  let ctx: Context<AppEnv>["executionCtx"];
  try {
    ctx = c.executionCtx;
  } catch {
    return undefined; // called without an execution context (unit tests): nothing could keep the call alive
  }
  known.pending++;
  ctx.waitUntil(
    take
      .then((decision) => void remember(key, limit, decision))
      .catch(() => undefined)
      .finally(() => {
        known.pending--;
      }),
  );
  const remaining = known.remaining - known.pending;
  return headersFor({
    allowed: true,
    limit,
    remaining,
    reset: Math.ceil(((limit - remaining) * 60) / limit),
    retry_after: 0,
  });
}

/**
 * Spend one token from `key`'s bucket. Sets the X-RateLimit-* headers on the response being built, or throws
 * 429 `rate_limited` with Retry-After when the bucket is empty.
 * @example await enforceRateLimit(c, `user:${userId}`, c.env.RATE_LIMIT_PER_MINUTE);
 */
export async function enforceRateLimit(c: Context<AppEnv>, key: string, limitText: string | undefined) {
  const limit = parseLimit(limitText);
  if (limit === 0) return undefined;
  const take = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key)).take(limit);
  const far = farFromLimit(c, key, limit, take);
  if (far) {
    for (const [name, value] of Object.entries(far)) c.header(name, value);
    return far;
  }
  const decision = await take;
  remember(key, limit, decision);
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
