// Rate limits backed by the RateLimiter Durable Object: one object (token bucket) per key, asked once per lease.
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
 * Per isolate, tokens taken from a key's limiter ahead of use (a lease): a busy key asks its limiter once per
 * lease instead of once per request. A lease lives LEASE_TTL_MS and what it did not use is gone, so the count
 * errs toward refusing, never toward letting more through. Its size follows demand: it doubles while leases run
 * out early and shrinks to what was used when one expires, so a trickle of requests takes one token per call
 * and is counted exactly; small limits (under 200 a minute) always take one token per request.
 */
type Lease = { limit: number; size: number; left: number; remaining: number; until: number };
const leases = new Map<string, Lease>();
const LEASES_MAX_KEYS = 10_000;
const LEASE_TTL_MS = 1_000;
const maxLease = (limit: number) => Math.max(1, Math.min(100, Math.floor(limit / 100)));

const admitted = (limit: number, remaining: number): RateLimitDecision => ({
  allowed: true,
  limit,
  remaining,
  reset: Math.ceil(((limit - remaining) * 60) / limit),
  retry_after: 0,
});

/** Spends a token of a live lease, or undefined when the limiter must be asked. */
function fromLease(key: string, limit: number): RateLimitDecision | undefined {
  const lease = leases.get(key);
  if (!lease || lease.limit !== limit || lease.left <= 0 || lease.until <= Date.now()) return undefined;
  lease.left--;
  return admitted(limit, lease.remaining + lease.left);
}

function nextLeaseSize(key: string, limit: number): number {
  const lease = leases.get(key);
  if (!lease || lease.limit !== limit) return 1;
  const ranOutEarly = lease.left <= 0 && lease.until > Date.now();
  return Math.min(maxLease(limit), ranOutEarly ? lease.size * 2 : Math.max(1, lease.size - lease.left));
}

/** Keeps the tokens granted beyond this request (plus what a concurrent lease still holds); returns them. */
function storeLease(key: string, limit: number, size: number, granted: number, remaining: number): number {
  const now = Date.now();
  const live = leases.get(key);
  const carried = live && live.limit === limit && live.until > now ? live.left : 0;
  if (!live && leases.size >= LEASES_MAX_KEYS) leases.delete(leases.keys().next().value as string);
  const left = Math.max(0, granted - 1) + carried;
  leases.set(key, { limit, size, left, remaining, until: now + LEASE_TTL_MS });
  return left;
}

/**
 * Spend one token from `key`'s bucket. Sets the X-RateLimit-* headers on the response being built, or throws
 * 429 `rate_limited` with Retry-After when the bucket is empty.
 * @example await enforceRateLimit(c, `user:${userId}`, c.env.RATE_LIMIT_PER_MINUTE);
 */
export async function enforceRateLimit(c: Context<AppEnv>, key: string, limitText: string | undefined) {
  const limit = parseLimit(limitText);
  if (limit === 0) return undefined;
  let decision = fromLease(key, limit);
  if (!decision) {
    const size = nextLeaseSize(key, limit);
    const taken = await c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key)).take(limit, size);
    if (taken.allowed) {
      const leased = storeLease(key, limit, size, taken.granted, taken.remaining);
      decision = admitted(limit, taken.remaining + leased);
    } else {
      // Refused by the bucket, but a concurrent request may have leased tokens meanwhile: spend one of those
      // before refusing. The lease stays for the others (dropping it lost those tokens: bursts got ~8-24 %
      // fewer requests through than the limit).
      decision = fromLease(key, limit) ?? taken;
    }
  }
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
