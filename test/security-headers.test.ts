// Security headers on everything the Worker answers: JSON (success, error, 404) loads nothing and is framed by
// nobody; the Swagger UI page runs its one inline script by a per-response nonce and nothing else inline.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newUser } from "./engine-helpers";

const get = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(new Request(`http://local.test${path}`, { headers }));

function expectCommon(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
}

describe("security headers", () => {
  it("on API answers: success, 401, 404, health", async () => {
    const { token } = await newUser();
    for (const res of [
      await get("/api/v1/graphs", { Authorization: `Bearer ${token}` }),
      await get("/api/v1/graphs"),
      await get("/api/v1/no-such-route"),
      await get("/health"),
    ]) {
      expectCommon(res);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      await res.arrayBuffer();
    }
  });

  it("on the API docs: the inline script runs by this response's nonce, nothing else inline", async () => {
    const [first, second] = [await get("/api/docs"), await get("/api/docs")];
    const nonces = [];
    for (const res of [first, second]) {
      expectCommon(res);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const html = await res.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
      expect(inline).toEqual([` nonce="${nonce}"`]);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});
