import { DurableObject } from "cloudflare:workers";

/** What one `take` decided; the gateway turns it into X-RateLimit-* headers (and a 429 when not allowed). */
export type RateLimitDecision = {
  allowed: boolean;
  /** Bucket capacity = requests allowed per minute. */
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  reset: number;
  /** Seconds until one token is available (0 when allowed). */
  retry_after: number;
};

type Bucket = { tokens: number; at: number };

/**
 * A token bucket for one rate-limit key (`idFromName("user:<id>")`, `"key:<id>"`, `"ip:<addr>"`): holds `limit`
 * tokens and refills `limit` per minute. A Durable Object processes one call at a time and `take` never awaits,
 * so concurrent requests for the same key are counted exactly. The bucket is kept in synchronous storage so an
 * evicted object does not forget it was drained.
 */
export class RateLimiter extends DurableObject<Env> {
  /**
   * Spend one token if there is one.
   * @example const d = await env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName("user:42")).take(600);
   */
  take(limit: number): RateLimitDecision {
    const capacity = Math.max(1, Math.floor(limit));
    const refillPerMs = capacity / 60_000;
    const now = Date.now();
    const stored = this.ctx.storage.kv.get<Bucket>("bucket");
    let tokens = stored ? Math.min(capacity, stored.tokens + Math.max(0, now - stored.at) * refillPerMs) : capacity;
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.ctx.storage.kv.put<Bucket>("bucket", { tokens, at: now });
    return {
      allowed,
      limit: capacity,
      remaining: Math.floor(tokens),
      reset: Math.ceil((capacity - tokens) / refillPerMs / 1000),
      retry_after: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)),
    };
  }
}
