import { describe, expect, it } from "vitest";
import { pyConvert, pyEquals, pyFloat, pyIndex, pyJsonDumps, pyTruthy } from "./python";

describe("Python semantics", () => {
  it.each([null, undefined, false, 0, "", [], {}, Number.NaN])("%s is falsy", (v) => {
    expect(pyTruthy(v)).toBe(false);
  });

  it.each([true, 1, -1, "0", " ", [0], { a: null }])("%s is truthy", (v) => {
    expect(pyTruthy(v)).toBe(true);
  });

  it("json.dumps spacing", () => {
    expect(pyJsonDumps({ a: [1, "x", null, true], b: { c: 1.5 } })).toBe(
      '{"a": [1, "x", null, true], "b": {"c": 1.5}}',
    );
    expect(pyJsonDumps(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });

  it("float() accepts Python's spellings and refuses junk", () => {
    expect(pyFloat(" 1_000.5 ")).toBe(1000.5);
    expect(pyFloat("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(pyFloat("1e3")).toBe(1000);
    expect(pyFloat(true)).toBe(1);
    expect(() => pyFloat("12abc")).toThrow(/could not convert/);
    expect(() => pyFloat("")).toThrow();
    expect(() => pyFloat(null)).toThrow();
  });

  it("== is structural and ignores key order", () => {
    expect(pyEquals({ a: [1, { b: 2 }], c: "x" }, { c: "x", a: [1, { b: 2 }] })).toBe(true);
    expect(pyEquals([1, 2], [2, 1])).toBe(false);
    expect(pyEquals({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });

  it("list indices count from the end when negative", () => {
    expect(pyIndex(3, -1)).toBe(2);
    expect(pyIndex(3, -4)).toBeUndefined();
    expect(pyIndex(3, 3)).toBeUndefined();
  });

  it.each([
    [{ a: 1 }, "string", '{"a": 1}'],
    ["2.5", "number", 2.5],
    [{ a: 1, b: 2 }, "number", 2],
    ["TRUE", "boolean", true],
    ["no", "boolean", false],
    [0, "boolean", false],
    [" [1, 2] ", "list", [1, 2]],
    [{ a: 1 }, "list", [["a", 1]]],
    [7, "list", [7]],
    ['{"k": "v"}', "dictionary", { k: "v" }],
    ["[1]", "dictionary", { value: [1] }],
    [["x"], "dictionary", { "0": "x" }],
  ] as const)("convert(%j, %s) is %j", (value, type, expected) => {
    expect(pyConvert(value, type)).toEqual(expected);
  });
});
