import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApiKey, signUp } from "../../test/helpers/auth";
import { ApiError } from "../errors";
import { newRouter } from "../router";
import { requireAuth, requireWebSocketAuth } from "./auth";

/** A router as other engineers write them: router-wide requireAuth() plus a per-route scope. */
function protectedApp() {
  const app = newRouter();
  let handlerRuns = 0;
  app.use("*", requireAuth());
  app.get("/things", (c) => {
    handlerRuns++;
    return c.json(c.get("auth"));
  });
  app.post("/things", requireAuth("write"), (c) => {
    handlerRuns++;
    return c.json({ ok: true }, 201);
  });
  // A handler that returns a raw Response (as a WebSocket or file route would) still gets the headers.
  app.get("/raw", () => new Response("raw body"));
  app.onError((err, c) =>
    err instanceof ApiError ? c.json({ code: err.code }, err.status, err.headers) : c.json({ code: "internal" }, 500),
  );
  return { app, runs: () => handlerRuns };
}

const limited = { ...env, RATE_LIMIT_PER_MINUTE: "10" } as unknown as Env;

describe("requireAuth", () => {
  it("puts the identity on the context: a session has every scope", async () => {
    const { app } = protectedApp();
    const { token, user } = await signUp();
    const res = await app.request("/things", { headers: { Authorization: `Bearer ${token}` } }, limited);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: user.id, scopes: ["read", "write", "execute"], via: "jwt" });
  });

  it("an API key carries only its scopes and its id", async () => {
    const { app, runs } = protectedApp();
    const { token, user } = await signUp();
    const { key, id } = await createApiKey(token, ["read"]);
    const read = await app.request("/things", { headers: { "X-API-Key": key } }, limited);
    expect(await read.json()).toEqual({ userId: user.id, scopes: ["read"], via: "api_key", apiKeyId: id });
    const write = await app.request("/things", { method: "POST", headers: { "X-API-Key": key } }, limited);
    expect(write.status).toBe(403);
    expect(await write.json()).toEqual({ code: "forbidden" });
    expect(runs()).toBe(1);
  });

  it("stacked requireAuth authenticates and spends a rate-limit token once per request", async () => {
    const { app } = protectedApp();
    const { token } = await signUp();
    const headers = { Authorization: `Bearer ${token}` };
    const first = await app.request("/things", { method: "POST", headers }, limited);
    expect(first.status).toBe(201);
    expect(first.headers.get("X-RateLimit-Remaining")).toBe("9");
    const second = await app.request("/things", { method: "POST", headers }, limited);
    expect(second.headers.get("X-RateLimit-Remaining")).toBe("8");
  });

  it("adds rate-limit headers to raw Responses", async () => {
    const { app } = protectedApp();
    const { token } = await signUp();
    const res = await app.request("/raw", { headers: { Authorization: `Bearer ${token}` } }, limited);
    expect(await res.text()).toBe("raw body");
    expect(res.headers.get("X-RateLimit-Limit")).toBe("10");
  });

  it("401 before the handler runs when credentials are missing or not Bearer", async () => {
    const { app, runs } = protectedApp();
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: "Token abc" },
      { Authorization: "Bearer" },
      { "X-API-Key": "" },
    ];
    for (const headers of attempts) {
      const res = await app.request("/things", { headers }, limited);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: "unauthorized" });
    }
    expect(runs()).toBe(0);
  });

  it("counts failed attempts against the caller's IP and answers 429 past AUTH_RATE_LIMIT_PER_MINUTE", async () => {
    const { app } = protectedApp();
    const strict = { ...env, AUTH_RATE_LIMIT_PER_MINUTE: "2" } as unknown as Env;
    const headers = { Authorization: "Bearer not-a-token", "CF-Connecting-IP": `ip-${crypto.randomUUID()}` };
    const first = await app.request("/things", { headers }, strict);
    expect(first.status).toBe(401);
    expect(first.headers.get("X-RateLimit-Remaining")).toBe("1");
    expect((await app.request("/things", { headers }, strict)).status).toBe(401);
    const third = await app.request("/things", { headers }, strict);
    expect(third.status).toBe(429);
    expect(third.headers.get("Retry-After")).toBeTruthy();
  });
});

describe("requireWebSocketAuth", () => {
  const wsApp = () => {
    const app = newRouter();
    app.get("/ws", requireWebSocketAuth("read"), (c) => c.json(c.get("auth")));
    app.onError((err, c) =>
      err instanceof ApiError ? c.json({ code: err.code }, err.status) : c.json({ code: "internal" }, 500),
    );
    return app;
  };

  it("accepts the credential as ?token=, as a bearer.<token> subprotocol, or as a header", async () => {
    const app = wsApp();
    const { token, user } = await signUp();
    const { key } = await createApiKey(token, ["read"]);
    const attempts: [string, Record<string, string>][] = [
      [`/ws?token=${encodeURIComponent(token)}`, {}],
      ["/ws", { "Sec-WebSocket-Protocol": `agentflare.v1, bearer.${token}` }],
      [`/ws?token=${key}`, {}],
      ["/ws", { Authorization: `Bearer ${token}` }],
    ];
    for (const [path, headers] of attempts) {
      const res = await app.request(path, { headers }, limited);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { userId: string }).userId).toBe(user.id);
    }
  });

  it("401 without a credential or with a bad one", async () => {
    const app = wsApp();
    expect((await app.request("/ws", {}, limited)).status).toBe(401);
    expect((await app.request("/ws?token=garbage", {}, limited)).status).toBe(401);
    const proto = { "Sec-WebSocket-Protocol": "bearer.agf_nope" };
    expect((await app.request("/ws", { headers: proto }, limited)).status).toBe(401);
  });
});
