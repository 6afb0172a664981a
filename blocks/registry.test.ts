/// <reference types="vite/client" />
// The one generic block test: every block's vectors run through the real executor with AutoGPT's
// matching rules, and every block satisfies the registry invariants. No block is skipped.
import { describe, expect, it } from "vitest";
import { type AnyBlock, BlockCategory, BlockType } from "./contract";
import { allBlocks, getBlock, platformBlocks } from "./registry";
import { blockJsonSchemas, type JsonSchema, pinType } from "./runtime/json-schema";
import { runVector } from "./runtime/run-vector";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(platformBlocks.map((b) => [b.name, b] as const))("%s", (_name, block) => {
  it.each(block.tests.map((v, i) => [v.name ?? `vector ${i + 1}`, v] as const))("%s", async (_label, vector) => {
    const { outputs, mismatches } = await runVector(block, vector);
    expect(mismatches, `outputs were ${JSON.stringify(outputs)}`).toEqual([]);
  });

  it("satisfies the block invariants", () => {
    expect(block.id).toMatch(UUID);
    expect(block.name).toMatch(/^[A-Z][A-Za-z0-9]*Block$/);
    expect(block.description.length).toBeGreaterThan(0);
    expect(block.categories.length).toBeGreaterThan(0);
    for (const c of block.categories) expect(BlockCategory.options).toContain(c);
    expect(BlockType.options).toContain(block.blockType);
    expect(block.tests.length, "at least one test vector").toBeGreaterThan(0);

    const { input, output } = blockJsonSchemas(block);
    for (const [field, schema] of Object.entries(input.properties ?? {})) {
      expect(schema.description, `input "${field}" has a description`).toBeTruthy();
      if (pinType(schema)?.includes("boolean") && pinType(schema)?.length === 1) {
        expect(schema, `boolean input "${field}" has a default`).toHaveProperty("default");
      }
    }
    for (const [field, schema] of Object.entries(output.properties ?? {})) {
      expect(schema.description, `output "${field}" has a description`).toBeTruthy();
    }
    expect(pinType(output.properties?.error as JsonSchema), "an error pin of type string").toEqual(["string"]);
  });
});

describe("the registry", () => {
  it("has unique ids and names", () => {
    const ids = allBlocks.map((b) => b.id);
    const names = allBlocks.map((b) => b.name);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(names).size).toBe(names.length);
    for (const b of allBlocks) expect(getBlock(b.id)).toBe(b);
  });

  it("lists every block defined under blocks/ (none forgotten in an index.ts)", () => {
    const modules = import.meta.glob<Record<string, unknown>>(["./*/*.ts", "!./*/index.ts", "!./**/*.test.ts"], {
      eager: true,
    });
    const registered = new Set<unknown>(allBlocks);
    const defined = Object.entries(modules).flatMap(([file, exports]) =>
      Object.values(exports)
        .filter(isBlock)
        .map((block) => ({ file, block })),
    );
    expect(defined.length).toBeGreaterThan(0);
    const missing = defined
      .filter(({ block }) => !registered.has(block))
      .map(({ file, block }) => `${block.name} (${file})`);
    expect(missing).toEqual([]);
  });
});

function isBlock(value: unknown): value is AnyBlock {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AnyBlock).id === "string" &&
    typeof (value as AnyBlock).run === "function" &&
    Array.isArray((value as AnyBlock).tests)
  );
}
