// Rate limits through the real app and the real RateLimiter Durable Object, with small limits passed as env
// overrides (the suite-wide test bindings are generous so other suites are never throttled).
import {
  createExecutionContext,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RateLimiter } from "../durable-objects/rate-limiter";
import { app } from "../worker/app";
import { createApiKey, signUp, TEST_PASSWORD } from "./helpers/auth";

type Limits = { RATE_LIMIT_PER_MINUTE?: string; AUTH_RATE_LIMIT_PER_MINUTE?: string };

/** Call the full app with the given limits instead of the configured ones. */
async function call(limits: Limits, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const overridden = { ...env, ...limits } as unknown as Env;
  const res = await app.fetch(new Request(`http://local.test/api/v1${path}`, init), overridden, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

afterEach(() => {
  vi.useRealTimers();
});

describe("per-identity rate limit on authenticated routes", () => {
  it("sets X-RateLimit-* headers on every response, errors included", async () => {
    const { token } = await signUp();
    const limits = { RATE_LIMIT_PER_MINUTE: "5" };
    const ok = await call(limits, "/auth/me", bearer(token));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("X-RateLimit-Limit")).toBe("5");
    expect(ok.headers.get("X-RateLimit-Remaining")).toBe("4");
    expect(Number(ok.headers.get("X-RateLimit-Reset"))).toBeGreaterThan(0);

    const missing = await call(limits, `/api-keys/${crypto.randomUUID()}`, { method: "DELETE", ...bearer(token) });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("X-RateLimit-Remaining")).toBe("3");
  });

  it("lets exactly `limit` requests of a concurrent burst through and answers the rest 429 with Retry-After", async () => {
    const { token } = await signUp();
    const limits = { RATE_LIMIT_PER_MINUTE: "5" };
    const burst = await Promise.all(Array.from({ length: 12 }, () => call(limits, "/auth/me", bearer(token))));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const limited = burst.find((r) => r.status === 429);
    expect(Number(limited?.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(limited?.headers.get("X-RateLimit-Remaining")).toBe("0");
    expect(await limited?.json()).toEqual({
      error: { code: "rate_limited", message: "Rate limit of 5 requests per minute exceeded", details: [] },
    });
  });

  it("takes a busy key's tokens a lease at a time without letting one request more through", async () => {
    // A frozen clock: no refill, no lease expiry, so every token is accounted for exactly.
    vi.useFakeTimers({ toFake: ["Date"] });
    const { token } = await signUp();
    const limits = { RATE_LIMIT_PER_MINUTE: "300" };
    const remaining: string[] = [];
    for (let i = 0; i < 300; i++) {
      const res = await call(limits, "/auth/me", bearer(token));
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("X-RateLimit-Remaining") ?? "");
    }
    expect(remaining).toEqual(Array.from({ length: 300 }, (_, i) => String(299 - i)));
    const refused = await call(limits, "/auth/me", bearer(token));
    expect(refused.status).toBe(429);
  });

  it("counts each API key and each user separately", async () => {
    const a = await signUp();
    const b = await signUp();
    const limits = { RATE_LIMIT_PER_MINUTE: "2" };
    const key = await createApiKey(a.token, ["read"]);
    for (let i = 0; i < 2; i++) expect((await call(limits, "/auth/me", bearer(a.token))).status).toBe(200);
    expect((await call(limits, "/auth/me", bearer(a.token))).status).toBe(429);
    expect((await call(limits, "/auth/me", { headers: { "X-API-Key": key.key } })).status).toBe(200);
    expect((await call(limits, "/auth/me", bearer(b.token))).status).toBe(200);
  });

  it("is off when the limit is 0 (no Durable Object call, no headers)", async () => {
    const { token } = await signUp();
    const res = await call({ RATE_LIMIT_PER_MINUTE: "0" }, "/auth/me", bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers.get("X-RateLimit-Limit")).toBeNull();
  });
});

describe("per-IP rate limit on auth endpoints", () => {
  it("throttles password guessing from one address but not from another", async () => {
    const { user } = await signUp();
    const limits = { AUTH_RATE_LIMIT_PER_MINUTE: "3" };
    const guess = (ip: string, password: string) =>
      call(limits, "/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
        body: JSON.stringify({ email: user.email, password }),
      });
    const attacker = `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    for (let i = 0; i < 3; i++) {
      const res = await guess(attacker, `wrong-password-${i}`);
      expect(res.status).toBe(401);
      expect(res.headers.get("X-RateLimit-Remaining")).toBe(String(2 - i));
    }
    const blocked = await guess(attacker, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("Retry-After")).toBeTruthy();
    expect((await guess(`198.51.100.7-${crypto.randomUUID()}`, TEST_PASSWORD)).status).toBe(200);
  });
});

describe("RateLimiter token bucket", () => {
  // Fake clocks start from the real now, so the clean-up alarms they schedule lie in the real future.
  const at = (base: number, ms: number) => vi.setSystemTime(new Date(base + ms));
  const freshLimiter = () => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`test:${crypto.randomUUID()}`));

  it("refills limit/60 tokens per second and reports when it is full again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const base = Date.now();
    await runInDurableObject(freshLimiter(), async (limiter: RateLimiter) => {
      for (let i = 0; i < 60; i++) expect((await limiter.take(60)).allowed).toBe(true);
      expect(await limiter.take(60)).toEqual({
        allowed: false,
        granted: 0,
        limit: 60,
        remaining: 0,
        reset: 60,
        retry_after: 1,
      });
      at(base, 1_000);
      expect(await limiter.take(60)).toMatchObject({ allowed: true, remaining: 0 });
      expect((await limiter.take(60)).allowed).toBe(false);
      at(base, 300_000);
      expect(await limiter.take(60)).toEqual({
        allowed: true,
        granted: 1,
        limit: 60,
        remaining: 59,
        reset: 1,
        retry_after: 0,
      });
    });
  });

  it("forgets a bucket once it has been idle for a minute, but not before", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const base = Date.now();
    const stub = freshLimiter();
    await runInDurableObject(stub, async (limiter: RateLimiter, state) => {
      await limiter.take(10);
      expect(await state.storage.getAlarm()).toBe(base + 60_000);
    });
    at(base, 30_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, async (_limiter: RateLimiter, state) => {
      expect(state.storage.kv.get("bucket")).toMatchObject({ tokens: 9 });
      expect(await state.storage.getAlarm()).toBe(base + 60_000);
    });
    at(base, 61_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, async (limiter: RateLimiter, state) => {
      expect(state.storage.kv.get("bucket")).toBeUndefined();
      expect(await limiter.take(10)).toMatchObject({ allowed: true, remaining: 9 });
    });
  });
});
