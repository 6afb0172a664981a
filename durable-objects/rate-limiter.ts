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

/** Any bucket refills completely within a minute; idle this long, its state carries no information. */
const CLEANUP_AFTER_MS = 60_000;

/**
 * A token bucket for one rate-limit key (`idFromName("user:<id>")`, `"key:<id>"`, `"ip:<addr>"`): holds `limit`
 * tokens and refills `limit` per minute. A Durable Object delivers one call at a time and `take` reads and writes
 * its bucket with no await in between, so concurrent requests for the same key are counted exactly. The bucket is kept in synchronous storage so an
 * evicted object does not forget it was drained; an alarm deletes it once idle.
 */
export class RateLimiter extends DurableObject<Env> {
  /** Whether this instance already scheduled its clean-up alarm (saves a storage write per request). */
  private cleanupArmed = false;

  /**
   * Spend up to `want` tokens (at least one, or none when the bucket is empty); `granted` says how many.
   * @example const d = await env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName("user:42")).take(600);
   */
  async take(limit: number, want = 1): Promise<RateLimitDecision & { granted: number }> {
    const capacity = Math.max(1, Math.floor(limit));
    const refillPerMs = capacity / 60_000;
    const now = Date.now();
    // Read-modify-write with no await in between: the object's input gate makes it atomic per key.
    let tokens = this.tokensAt(now, capacity, refillPerMs);
    const allowed = tokens >= 1;
    const granted = allowed ? Math.max(1, Math.min(Math.floor(want), Math.floor(tokens))) : 0;
    tokens -= granted;
    this.ctx.storage.kv.put<Bucket>("bucket", { tokens, at: now });
    if (!this.cleanupArmed) {
      this.cleanupArmed = true;
      await this.ctx.storage.setAlarm(now + CLEANUP_AFTER_MS);
    }
    return {
      allowed,
      granted,
      limit: capacity,
      remaining: Math.floor(tokens),
      reset: Math.ceil((capacity - tokens) / refillPerMs / 1000),
      retry_after: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)),
    };
  }

  /**
   * Forget idle buckets so one-off keys (client IPs) do not keep storage forever: a bucket untouched for a full
   * refill period is indistinguishable from a fresh one.
   */
  override async alarm() {
    const stored = this.ctx.storage.kv.get<Bucket>("bucket");
    const idleFor = stored ? Date.now() - stored.at : Number.POSITIVE_INFINITY;
    if (idleFor >= CLEANUP_AFTER_MS) {
      this.cleanupArmed = false;
      await this.ctx.storage.deleteAll();
      return;
    }
    await this.ctx.storage.setAlarm(Date.now() + CLEANUP_AFTER_MS - idleFor);
  }

  private tokensAt(now: number, capacity: number, refillPerMs: number) {
    const stored = this.ctx.storage.kv.get<Bucket>("bucket");
    if (!stored) return capacity;
    return Math.min(capacity, stored.tokens + Math.max(0, now - stored.at) * refillPerMs);
  }
}
