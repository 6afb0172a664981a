// The run page offers a download for every file reference in an output: which values count as files.
import { describe, expect, it } from "vitest";
import { fileRefs, nameOf } from "../web/src/lib/graph-logic/file-refs";

describe("file references in run values", () => {
  it("finds r2:// references in strings, lists and objects, once each, in order", () => {
    const a = "r2://runs/u/e/files/f1/report.csv";
    const b = "r2://runs/u/uploads/f2/photo%20one.png";
    expect(fileRefs([a, { nested: [b, a] }, "https://example.com/x.csv", 3, null])).toEqual([
      { uri: a, name: "report.csv" },
      { uri: b, name: "photo one.png" },
    ]);
  });

  it("ignores plain text, data URIs and URLs, and stops at the limit", () => {
    expect(fileRefs("see r2://not-a-prefix")).toEqual([]);
    expect(fileRefs("data:text/plain;base64,aGk=")).toEqual([]);
    const many = Array.from({ length: 50 }, (_, i) => `r2://runs/u/e/files/${i}/f.txt`);
    expect(fileRefs(many, 5)).toHaveLength(5);
  });

  it("names a reference by its last segment, even a malformed escape", () => {
    expect(nameOf("r2://runs/u/e/files/f/%E0%A4%A.txt")).toBe("%E0%A4%A.txt");
    expect(nameOf("r2://runs/u/e/files/f/")).toBe("file");
  });
});
