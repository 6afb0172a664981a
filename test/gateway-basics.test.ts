import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`http://local.test${path}`, init));

describe("gateway basics", () => {
  it("answers /health and /ready (D1 reachable)", async () => {
    expect(await (await call("/health")).json()).toEqual({ status: "ok" });
    const ready = await call("/ready");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("gives unknown routes the JSON error shape with a request id header", async () => {
    const res = await call("/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Route not found", details: [] } });
  });

  it("applied every migration on an empty D1", async () => {
    const res = await call("/ready");
    expect(res.status).toBe(200);
    const { env } = await import("cloudflare:workers");
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all<{
      name: string;
    }>();
    const names = tables.results.map((r) => r.name);
    for (const t of [
      "users",
      "api_keys",
      "graphs",
      "executions",
      "schedules",
      "webhooks",
      "credentials",
      "notifications",
    ]) {
      expect(names).toContain(t);
    }
  });
});
