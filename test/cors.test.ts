// The editor on another origin (Pages): origins listed in CORS_ORIGINS get preflights answered and responses they
// may read, with credentials and never a wildcard; any other origin's preflight is refused.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newUser } from "./engine-helpers";

const preflight = (origin: string, path = "/api/v1/graphs", method = "POST") =>
  exports.default.fetch(
    new Request(`http://local.test${path}`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type",
      },
    }),
  );

describe("CORS for a listed editor origin", () => {
  it("answers a preflight from a listed origin with that origin, credentials and the needed headers", async () => {
    for (const origin of ["https://editor.example", "https://second.example"]) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe(origin);
      expect(res.headers.get("Access-Control-Allow-Credentials")).toBe("true");
      expect(res.headers.get("Access-Control-Allow-Methods")).toContain("POST");
      expect(res.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
      expect(res.headers.get("Vary")).toContain("Origin");
    }
  });

  it("refuses a preflight from an unlisted origin (403, no CORS headers)", async () => {
    for (const origin of ["https://evil.example", "https://editor.example.evil.test", "null"]) {
      const res = await preflight(origin);
      expect(res.status).toBe(403);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
  });

  it("lets a listed origin read real answers (and errors), never with a wildcard; others get no CORS headers", async () => {
    const { token } = await newUser();
    const get = (origin: string, auth = true) =>
      exports.default.fetch(
        new Request("http://local.test/api/v1/graphs", {
          headers: { Origin: origin, ...(auth ? { Authorization: `Bearer ${token}` } : {}) },
        }),
      );
    const ok = await get("https://editor.example");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe("https://editor.example");
    expect(ok.headers.get("Access-Control-Allow-Credentials")).toBe("true");
    expect(ok.headers.get("Access-Control-Expose-Headers")).toContain("X-Request-Id");
    const unauthorized = await get("https://editor.example", false);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("Access-Control-Allow-Origin")).toBe("https://editor.example");
    const foreign = await get("https://evil.example");
    expect(foreign.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
