// User-supplied regular expressions, run with RE2 semantics (re2js): matching is linear in the input,
// so no pattern can hang a run (no catastrophic backtracking). Python's syntax is mostly RE2's; what RE2
// cannot do (lookarounds, backreferences) is refused with a clear message instead of silently differing.
import { RE2JS } from "re2js";
import { DEFAULT_BLOCK_LIMITS } from "./block-limits";

/**
 * Inputs longer than this are cut (AutoGPT caps ExtractTextInformation at 1 MB too); `MAX_REGEX_INPUT_CHARS`
 * overrides it through `ctx.limits` (block-limits.ts).
 */
export const MAX_REGEX_INPUT_CHARS = DEFAULT_BLOCK_LIMITS.regexInputChars;
/** Longest pattern by default; `MAX_REGEX_PATTERN_CHARS` overrides it through `ctx.limits`. */
export const MAX_PATTERN_CHARS = DEFAULT_BLOCK_LIMITS.regexPatternChars;

export class UserRegexError extends Error {
  override name = "UserRegexError";
}

export type RegexFlags = { caseSensitive?: boolean; dotAll?: boolean; multiline?: boolean };

/**
 * Compiles a Python-style pattern. Flags mirror Python's re.IGNORECASE / re.DOTALL / re.MULTILINE. Patterns longer
 * than `maxChars` (`ctx.limits.regexPatternChars`) are refused.
 *
 * @example
 * const re = compileUserRegex("hello, (\\w+)", { caseSensitive: false });
 * re.matcher("Hello, World").find(); // true
 */
export function compileUserRegex(pattern: string, flags: RegexFlags = {}, maxChars: number = MAX_PATTERN_CHARS): RE2JS {
  if (pattern.length > maxChars) {
    throw new UserRegexError(`Pattern is longer than ${maxChars} characters (MAX_REGEX_PATTERN_CHARS)`);
  }
  let bits = 0;
  if (flags.caseSensitive === false) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.dotAll) bits |= RE2JS.DOTALL;
  if (flags.multiline) bits |= RE2JS.MULTILINE;
  try {
    return RE2JS.compile(fromPythonSyntax(pattern), bits);
  } catch (err) {
    throw new UserRegexError(explain(pattern, err));
  }
}

/** Python spellings RE2 writes differently: `\Z` (end of text) is RE2's `\z`. */
export function fromPythonSyntax(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length) {
      const next = pattern[i + 1];
      out += next === "Z" ? "\\z" : `\\${next}`;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

function explain(pattern: string, err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  if (/\(\?<?[=!]/.test(pattern)) {
    return `Unsupported regex syntax: lookahead/lookbehind assertions are not supported (patterns run in linear time). ${detail}`;
  }
  if (/\\[1-9]/.test(pattern) || /\(\?P=/.test(pattern)) {
    return `Unsupported regex syntax: backreferences are not supported (patterns run in linear time). ${detail}`;
  }
  return `Invalid regex pattern: ${detail}`;
}

/** The text a pattern runs on, cut to `maxChars` (`ctx.limits.regexInputChars`). */
export const regexInput = (text: string, maxChars: number = MAX_REGEX_INPUT_CHARS) =>
  text.length > maxChars ? text.slice(0, maxChars) : text;

/**
 * Up to `limit` matches of `re` in `text`, each as the text of capture `group` (0 = whole match).
 * Matches lacking the group (index beyond the pattern's groups) are skipped, like AutoGPT does.
 */
export function findMatches(re: RE2JS, text: string, group: number, limit: number): string[] {
  if (group > re.groupCount()) return [];
  const matcher = re.matcher(text);
  const results: string[] = [];
  while (results.length < limit && matcher.find()) {
    results.push(matcher.group(group) ?? "");
  }
  return results;
}
