import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, storeMediaFile } from "./media-file";
import { createTestContext, TEST_FILE_SCHEME } from "./test-context";

describe("storeMediaFile", () => {
  it("stores a base64 data URI and returns a reference to it", async () => {
    const ctx = createTestContext();
    const uri = await storeMediaFile(ctx, "data:image/png;base64,iVBORw==", "uri", "logo");
    expect(uri.startsWith(TEST_FILE_SCHEME)).toBe(true);
    expect(uri.endsWith("/logo.png")).toBe(true);
    const stored = ctx.recorded.files.get(uri);
    expect(stored?.contentType).toBe("image/png");
    expect([...(stored?.data ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("decodes a percent-encoded (non-base64) data URI", async () => {
    const ctx = createTestContext();
    const uri = await storeMediaFile(ctx, "data:text/plain,hello%20world", "uri");
    expect(new TextDecoder().decode(ctx.recorded.files.get(uri)?.data)).toBe("hello world");
  });

  it("downloads a URL through ctx.fetch, keeping its name and type", async () => {
    const requested: string[] = [];
    const ctx = createTestContext({
      fetch: async (input) => {
        requested.push(String(input));
        return new Response("a,b\n1,2", { headers: { "content-type": "text/csv; charset=utf-8" } });
      },
    });
    const uri = await storeMediaFile(ctx, "https://files.example.com/data/report%202024.csv", "uri");
    expect(requested).toEqual(["https://files.example.com/data/report%202024.csv"]);
    expect(uri.endsWith("/report 2024.csv")).toBe(true);
    expect(ctx.recorded.files.get(uri)?.contentType).toBe("text/csv");
  });

  it("fails on an HTTP error instead of storing the error page", async () => {
    const ctx = createTestContext({ fetch: async () => new Response("nope", { status: 404 }) });
    await expect(storeMediaFile(ctx, "https://files.example.com/x", "uri")).rejects.toThrow(/HTTP 404/);
    expect(ctx.recorded.files.size).toBe(0);
  });

  it("passes a stored reference through, or returns its content as a data URI", async () => {
    const ctx = createTestContext();
    const { uri } = await ctx.files.put("note.txt", "hi", "text/plain");
    expect(await storeMediaFile(ctx, uri, "uri")).toBe(uri);
    expect(await storeMediaFile(ctx, uri, "data_uri")).toBe("data:text/plain;base64,aGk=");
  });

  it("refuses a reference the store does not hold (another user's file, a typo)", async () => {
    await expect(storeMediaFile(createTestContext(), "r2://runs/someone-else/x", "uri")).rejects.toThrow(
      /File not found/,
    );
  });

  it("rejects invalid base64", async () => {
    await expect(storeMediaFile(createTestContext(), "data:text/plain;base64,@@@", "uri")).rejects.toThrow(
      /Invalid base64/,
    );
  });
});

describe("base64 helpers", () => {
  it("round-trips bytes, including large buffers", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
  });
});
