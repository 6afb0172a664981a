import { describe, expect, it } from "vitest";
import { api, signUp } from "../../test/helpers/auth";

type BlockInfo = {
  id: string;
  name: string;
  block_type: string;
  static_output: boolean;
  categories: string[];
  input_schema: { properties: Record<string, { default?: unknown; enum?: string[] }>; required?: string[] };
  output_schema: { properties: Record<string, unknown> };
};

describe("GET /api/v1/blocks", () => {
  it("requires authentication", async () => {
    const res = await api("/blocks");
    expect(res.status).toBe(401);
  });

  it("lists every block with snake_case fields and JSON Schemas", async () => {
    const { token } = await signUp();
    const res = await api("/blocks", { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as { items: BlockInfo[]; next_cursor: null };
    expect(body.next_cursor).toBeNull();
    const calculator = body.items.find((b) => b.id === "b1ab9b19-67a6-406d-abf5-2dba76d00c79");
    expect(calculator).toMatchObject({ name: "CalculatorBlock", block_type: "STANDARD", static_output: false });
    expect(calculator?.categories).toEqual(["LOGIC"]);
    expect(calculator?.input_schema.properties.operation?.enum).toEqual([
      "Add",
      "Subtract",
      "Multiply",
      "Divide",
      "Power",
    ]);
    expect(calculator?.input_schema.properties.round_result?.default).toBe(false);
    expect(calculator?.input_schema.required?.sort()).toEqual(["a", "b", "operation"]);
    expect(Object.keys(calculator?.output_schema.properties ?? {}).sort()).toEqual(["error", "result"]);

    const input = body.items.find((b) => b.name === "AgentInputBlock");
    expect(input).toMatchObject({ block_type: "INPUT", static_output: true });
  });

  it("serves an ETag and Cache-Control, and answers 304 when the catalogue is unchanged", async () => {
    const { token } = await signUp();
    const first = await api("/blocks", { token });
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get("cache-control")).toContain("max-age");

    const again = await api("/blocks", { token, headers: { "If-None-Match": `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");

    const stale = await api("/blocks", { token, headers: { "If-None-Match": '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it("is described in the OpenAPI document", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths["/api/v1/blocks"]?.get?.responses ?? {}).sort()).toEqual(["200", "304", "401", "403"]);
  });
});
