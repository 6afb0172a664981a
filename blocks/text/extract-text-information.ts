import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";
import { asText } from "../runtime/python";
import { compileUserRegex, findMatches, regexInput } from "../runtime/safe-regex";

const MAX_MATCHES = 1000;
const MAX_MATCH_CHARS = 10_000;

/** Extracts regex matches (a capture group of each) from text. */
export const extractTextInformationBlock = defineBlock({
  inMemory: true,
  id: "3146e4fe-2cdd-4f29-bd12-0c9d5bb4deb0",
  name: "ExtractTextInformationBlock",
  description: "This block extracts the text from the given text using the pattern (regex).",
  categories: ["TEXT"],
  input: z.object({
    text: z.unknown().describe("Text to parse"),
    pattern: z.string().describe("Pattern (Regex) to parse"),
    group: z.number().int().min(0).default(0).describe("Group number to extract"),
    case_sensitive: z.boolean().default(true).describe("Case sensitive match"),
    dot_all: z.boolean().default(true).describe("Dot matches all"),
    find_all: z.boolean().default(false).describe("Find all matches"),
  }),
  output: z.object({
    positive: z.string().describe("Extracted text"),
    negative: z.unknown().describe("Original text"),
    matched_results: z.array(z.string()).describe("List of matched results"),
    matched_count: z.number().int().describe("Number of matched results"),
  }),
  async *run(input, ctx) {
    const limits = ctx.limits ?? DEFAULT_BLOCK_LIMITS;
    const re = compileUserRegex(
      input.pattern,
      { caseSensitive: input.case_sensitive, dotAll: input.dot_all },
      limits.regexPatternChars,
    );
    const limit = input.find_all ? MAX_MATCHES : 1;
    const matches = findMatches(re, regexInput(asText(input.text), limits.regexInputChars), input.group, limit).map(
      (m) => m.slice(0, MAX_MATCH_CHARS),
    );
    for (const match of matches) yield ["positive", match];
    if (matches.length === 0) yield ["negative", input.text];
    yield ["matched_results", matches];
    yield ["matched_count", matches.length];
  },
  tests: [
    {
      input: { text: "Hello, World!", pattern: "Hello, (.+)", group: 1 },
      expect: [
        ["positive", "World!"],
        ["matched_results", ["World!"]],
        ["matched_count", 1],
      ],
    },
    {
      input: { text: "Hello, World!", pattern: "Hello, (.+)", group: 0 },
      expect: [
        ["positive", "Hello, World!"],
        ["matched_results", ["Hello, World!"]],
        ["matched_count", 1],
      ],
    },
    {
      input: { text: "Hello, World!", pattern: "Hello, (.+)", group: 2 },
      expect: [
        ["negative", "Hello, World!"],
        ["matched_results", []],
        ["matched_count", 0],
      ],
    },
    {
      input: { text: "Hello, World!", pattern: "hello,", case_sensitive: false },
      expect: [
        ["positive", "Hello,"],
        ["matched_results", ["Hello,"]],
        ["matched_count", 1],
      ],
    },
    {
      input: { text: "Hello, World!! Hello, Earth!!", pattern: "Hello, (\\S+)", group: 1, find_all: false },
      expect: [
        ["positive", "World!!"],
        ["matched_results", ["World!!"]],
        ["matched_count", 1],
      ],
    },
    {
      input: { text: "Hello, World!! Hello, Earth!!", pattern: "Hello, (\\S+)", group: 1, find_all: true },
      expect: [
        ["positive", "World!!"],
        ["positive", "Earth!!"],
        ["matched_results", ["World!!", "Earth!!"]],
        ["matched_count", 2],
      ],
    },
    {
      name: "a pathological pattern finishes (linear-time engine)",
      input: { text: `${"a".repeat(50_000)}b`, pattern: "(a+)+$" },
      expect: [
        ["negative", (v: unknown) => typeof v === "string" && v.length === 50_001],
        ["matched_results", []],
        ["matched_count", 0],
      ],
    },
  ],
});
