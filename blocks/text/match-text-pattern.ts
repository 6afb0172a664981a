import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";
import { asText, pyTruthy } from "../runtime/python";
import { compileUserRegex, regexInput } from "../runtime/safe-regex";

/** Routes `data` to `positive` or `negative` depending on whether `text` matches the regex. */
export const matchTextPatternBlock = defineBlock({
  inMemory: true,
  id: "3060088f-6ed9-4928-9ba7-9c92823a7ccd",
  name: "MatchTextPatternBlock",
  description:
    "Matches text against a regex pattern and forwards data to positive or negative output based on the match.",
  categories: ["TEXT"],
  input: z.object({
    text: z.unknown().describe("Text to match"),
    match: z.string().describe("Pattern (Regex) to match"),
    data: z.unknown().describe("Data to be forwarded to output"),
    case_sensitive: z.boolean().default(true).describe("Case sensitive match"),
    dot_all: z.boolean().default(true).describe("Dot matches all"),
  }),
  output: z.object({
    positive: z.unknown().describe("Output data if match is found"),
    negative: z.unknown().describe("Output data if match is not found"),
  }),
  async *run(input, ctx) {
    const output = pyTruthy(input.data) ? input.data : input.text;
    const limits = ctx.limits ?? DEFAULT_BLOCK_LIMITS;
    const re = compileUserRegex(
      input.match,
      { caseSensitive: input.case_sensitive, dotAll: input.dot_all },
      limits.regexPatternChars,
    );
    const found = re.matcher(regexInput(asText(input.text), limits.regexInputChars)).find();
    yield [found ? "positive" : "negative", output];
  },
  tests: [
    { input: { text: "ABC", match: "ab", data: "X", case_sensitive: false }, expect: [["positive", "X"]] },
    { input: { text: "ABC", match: "ab", data: "Y", case_sensitive: true }, expect: [["negative", "Y"]] },
    { input: { text: "Hello World!", match: ".orld.+", data: "Z" }, expect: [["positive", "Z"]] },
    { input: { text: "Hello World!", match: "World![a-z]+", data: "Z" }, expect: [["negative", "Z"]] },
    {
      name: "non-string text is matched as JSON",
      input: { text: { k: "v" }, match: '"k": "v"', data: "" },
      expect: [["positive", { k: "v" }]],
    },
    {
      name: "unsupported syntax is a clear error",
      input: { text: "abc", match: "(?=a)b", data: 1 },
      expect: [["error", (m: unknown) => String(m).includes("lookahead/lookbehind assertions are not supported")]],
    },
  ],
});
