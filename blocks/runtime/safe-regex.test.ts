import { describe, expect, it } from "vitest";
import {
  compileUserRegex,
  findMatches,
  fromPythonSyntax,
  MAX_PATTERN_CHARS,
  regexInput,
  UserRegexError,
} from "./safe-regex";

describe("compileUserRegex", () => {
  it("accepts Python syntax: named groups, lazy quantifiers, \\A and \\Z, inline flags", () => {
    const re = compileUserRegex("(?P<user>[\\w.]+)@(?P<host>[\\w.]+?)\\Z");
    expect(findMatches(re, "mail ada@example.org", 2, 5)).toEqual(["example.org"]);
    expect(compileUserRegex("\\Aabc").matcher("abcd").find()).toBe(true);
    expect(compileUserRegex("(?i)hello").matcher("HELLO").find()).toBe(true);
  });

  it("maps case_sensitive and dot_all like Python's flags", () => {
    expect(compileUserRegex("ab").matcher("AB").find()).toBe(false);
    expect(compileUserRegex("ab", { caseSensitive: false }).matcher("AB").find()).toBe(true);
    expect(compileUserRegex("a.b").matcher("a\nb").find()).toBe(false);
    expect(compileUserRegex("a.b", { dotAll: true }).matcher("a\nb").find()).toBe(true);
  });

  it("explains what RE2 cannot do", () => {
    expect(() => compileUserRegex("foo(?=bar)")).toThrow(/lookahead\/lookbehind assertions are not supported/);
    expect(() => compileUserRegex("(a)\\1")).toThrow(/backreferences are not supported/);
    expect(() => compileUserRegex("[unclosed")).toThrow(UserRegexError);
    expect(() => compileUserRegex("a".repeat(MAX_PATTERN_CHARS + 1))).toThrow(/longer than/);
  });

  it("runs catastrophic-backtracking patterns in linear time", () => {
    const started = Date.now();
    const text = `${"a".repeat(200_000)}!`;
    expect(compileUserRegex("^(a+)+$").matcher(text).find()).toBe(false);
    expect(compileUserRegex("(a|aa)*b").matcher(text).find()).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("findMatches", () => {
  it("returns every match up to the limit, including empty ones, as Python's finditer", () => {
    expect(findMatches(compileUserRegex("a*"), "baaab", 0, 10)).toEqual(["", "aaa", "", ""]);
    expect(findMatches(compileUserRegex("\\d"), "1 2 3 4", 0, 2)).toEqual(["1", "2"]);
  });

  it("returns nothing for a group the pattern does not have", () => {
    expect(findMatches(compileUserRegex("(a)"), "aaa", 2, 10)).toEqual([]);
  });
});

describe("helpers", () => {
  it("translates \\Z but leaves an escaped backslash followed by Z alone", () => {
    expect(fromPythonSyntax("end\\Z")).toBe("end\\z");
    expect(fromPythonSyntax("\\\\Z")).toBe("\\\\Z");
  });

  it("caps the input length", () => {
    expect(regexInput("x".repeat(2_000_000)).length).toBe(1_000_000);
  });
});
