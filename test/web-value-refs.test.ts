// Large node values (over MAX_INLINE_VALUE_BYTES) reach run views as R2 references; previews must not show them raw.
import { describe, expect, it } from "vitest";
import { previewValue, withRefsShown } from "../web/src/lib/graph-logic/run-state";

const ref = (size: number) => ({ $agentflare_ref: "runs/user-1/run-1/values/abc.json", size });

describe("large-value references in previews", () => {
  it("shows a reference by its size, not its storage key", () => {
    const text = previewValue({ result: [ref(720_000)] }, 400);
    expect(text).not.toContain("$agentflare_ref");
    expect(text).not.toContain("runs/user-1");
    expect(text).toBe('{"result":["[703 KB value, too large to show here]"]}');
  });

  it("reads a lone reference as plain text, in MB past a mebibyte", () => {
    expect(previewValue([ref(3 * 1024 * 1024)])).toBe("[3.0 MB value, too large to show here]");
    expect(previewValue(ref(10))).toBe("[1 KB value, too large to show here]");
  });

  it("leaves other values alone", () => {
    const value = { a: [1, "two", { b: null }], c: { $other: "x" } };
    expect(withRefsShown(value)).toEqual(value);
    expect(previewValue("hello")).toBe("hello");
    expect(previewValue(["only"])).toBe("only");
  });
});
