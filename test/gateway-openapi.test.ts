import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

type OpenApiDoc = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
  components: { securitySchemes?: Record<string, unknown>; schemas?: Record<string, unknown> };
};

describe("OpenAPI document", () => {
  it("describes the auth and API key routes, their schemas and how to authenticate", async () => {
    const res = await exports.default.fetch(new Request("http://local.test/api/v1/openapi.json"));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths["/api/v1/auth/signup"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/v1/auth/login"] ?? {})).toEqual(["post"]);
    expect(doc.paths["/api/v1/auth/me"]?.get?.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(Object.keys(doc.paths["/api/v1/api-keys"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/api-keys/{id}"] ?? {})).toEqual(["delete"]);
    expect(Object.keys(doc.paths["/api/v1/auth/signup"]?.post?.responses ?? {}).sort()).toEqual([
      "201",
      "400",
      "409",
      "429",
    ]);
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: "http", scheme: "bearer" },
      apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
    });
    for (const name of ["Credentials", "Session", "User", "Error", "NewApiKey", "CreatedApiKey", "ApiKeyPage"]) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
  });
});

describe("OpenAPI document: files and MCP", () => {
  it("lists the files routes (upload, download with signed links, delete, links) and the MCP endpoint", async () => {
    const doc = (await (
      await exports.default.fetch(new Request("http://local.test/api/v1/openapi.json"))
    ).json()) as OpenApiDoc;
    expect(Object.keys(doc.paths["/api/v1/files"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/v1/files/{id}"] ?? {}).sort()).toEqual(["delete", "get"]);
    expect(Object.keys(doc.paths["/api/v1/files/links"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/v1/files/{id}"]?.get?.responses ?? {}).sort()).toEqual([
      "200",
      "401",
      "403",
      "404",
    ]);
    expect(Object.keys(doc.paths["/api/v1/mcp"] ?? {})).toEqual(["post"]);
    for (const name of ["File", "FileLink", "FileLinkRequest", "McpJsonRpcRequest"]) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
  });
});
