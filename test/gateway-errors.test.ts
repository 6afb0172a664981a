// One JSON error shape for every failure, and logs that never carry secrets.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../worker/app";
import { api, TEST_PASSWORD, uniqueEmail } from "./helpers/auth";

// An unexpected failure through the real app: D1 throwing under a signed-in request. The exception's message
// carries a would-be secret to show it never reaches the client.
const failingDb = {
  prepare() {
    throw new Error("database password=hunter2 leaked into an exception");
  },
  batch() {
    throw new Error("database password=hunter2 leaked into an exception");
  },
} as unknown as D1Database;

/** GET /api/v1/auth/me with an API key, on an env whose D1 throws: the key lookup fails unexpectedly. */
async function explode(vars: Partial<Env>, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request("http://local.test/api/v1/auth/me", { headers: { "X-API-Key": "agf_unknown-key", ...headers } }),
    { ...env, ...vars, DB: failingDb } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

type ErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };

describe("error shapes", () => {
  it("malformed JSON → 400 bad_request", async () => {
    const res = await fetchRaw("/api/v1/auth/login", "POST", '{"email": "a@b.c", "password": ', {
      "Content-Type": "application/json",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("bad_request");
    expect(body.error.details).toEqual([]);
  });

  it("zod failure → 400 with field paths", async () => {
    const res = await api("/auth/signup", { json: { email: 42 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toBe("Invalid request body");
    expect(body.error.details.map((d) => d.path).sort()).toEqual(["email", "password"]);
    for (const d of body.error.details) expect(d.message.length).toBeGreaterThan(0);
  });

  it("unknown route → 404 not_found", async () => {
    const res = await api("/definitely/not/here");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Route not found", details: [] } });
  });

  it("wrong method on a known path → 405 with Allow", async () => {
    const res = await api("/auth/login", { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("POST");
    expect(await res.json()).toEqual({
      error: { code: "method_not_allowed", message: "Method GET is not allowed here", details: [] },
    });
    const keys = await api(`/api-keys/${crypto.randomUUID()}`, { method: "PATCH", json: {} });
    expect(keys.status).toBe(405);
    expect(keys.headers.get("Allow")).toBe("DELETE");
  });

  it("body over 1 MiB → 413 payload_too_large", async () => {
    const big = JSON.stringify({ email: uniqueEmail(), password: "x".repeat(1_100_000) });
    const res = await fetchRaw("/api/v1/auth/signup", "POST", big, { "Content-Type": "application/json" });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe("payload_too_large");
  });

  it("unexpected exception → 500 with the request id, no stack, no message", async () => {
    const res = await explode({}, { "X-Request-Id": "req-test-500" });
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Request-Id")).toBe("req-test-500");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal", message: "Internal error (request req-test-500)", details: [] },
    });
    expect(text).not.toContain("hunter2");
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe("structured logs", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("log every request with its id and never a password, token or API key", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    };
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "error").mockImplementation(capture);
    vi.spyOn(console, "warn").mockImplementation(capture);
    vi.spyOn(console, "info").mockImplementation(capture);
    vi.spyOn(console, "debug").mockImplementation(capture);

    const verbose = { ...env, LOG_LEVEL: "debug" } as unknown as Env;
    const send = async (path: string, init: RequestInit = {}) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`http://local.test/api/v1${path}`, init), verbose, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const jsonPost = (body: unknown, headers: Record<string, string> = {}) => ({
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

    const email = uniqueEmail();
    const signup = await send("/auth/signup", jsonPost({ email, password: TEST_PASSWORD }));
    const { token, user } = (await signup.json()) as { token: string; user: { id: string } };
    await send("/auth/login", jsonPost({ email, password: "wrong-password-xyz" }));
    const created = await send(
      "/api-keys",
      jsonPost({ name: "k", scopes: ["read"] }, { Authorization: `Bearer ${token}` }),
    );
    const { key } = (await created.json()) as { key: string };
    await send("/auth/me", { headers: { "X-API-Key": key } });
    await send("/auth/me", { headers: { Authorization: "Bearer garbage.token.here" } });
    expect((await explode(verbose)).status).toBe(500);

    const all = lines.join("\n");
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(requests).toHaveLength(6);
    for (const r of requests) {
      expect(r).toMatchObject({ level: "info", request_id: expect.any(String), method: expect.any(String) });
      expect(typeof r.latency_ms).toBe("number");
    }
    expect(requests.find((r) => r.path === "/api/v1/auth/me")?.user_id).toBe(user.id);
    for (const secret of [TEST_PASSWORD, "wrong-password-xyz", token, key, "garbage.token.here"]) {
      expect(all).not.toContain(secret);
    }
  });
});

/** A raw request (for bodies the JSON helper cannot produce). */
function fetchRaw(path: string, method: string, body: string | undefined, headers: Record<string, string>) {
  return exports.default.fetch(new Request(`http://local.test${path}`, { method, body, headers }));
}
