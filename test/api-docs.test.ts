import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /api/docs", () => {
  it("loads Swagger UI from this origin, never from a CDN", async () => {
    const res = await exports.default.fetch(new Request("http://local.test/api/docs"));
    expect(res.status).toBe(200);
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(["/api-docs/swagger-ui.css", "/api-docs/swagger-ui-bundle.js"]);
    expect(html).toContain('"/api/v1/openapi.json"');
  });
});
