import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";

/** Parses JSON text into a value (AutoGPT has no such block: this one is Agentflare's own). */
export const jsonParseBlock = defineBlock({
  inMemory: true,
  id: "5ee7792b-20d8-4a37-ac85-e3c5577e190f",
  name: "JsonParseBlock",
  description: "Parses a JSON string into a value (object, list, number, text, boolean or null).",
  categories: ["DATA"],
  input: z.object({
    json_string: z
      .string()
      .meta({ description: "The JSON text to parse", placeholder: '{"name": "Ada", "tags": [1, 2]}' }),
  }),
  output: z.object({ parsed: z.unknown().describe("The parsed value") }),
  async *run({ json_string }, ctx) {
    const max = (ctx.limits ?? DEFAULT_BLOCK_LIMITS).parsedTextChars;
    if (json_string.length > max) {
      yield ["error", `JSON too large: more than ${max} characters (MAX_PARSED_TEXT_CHARS)`];
      return;
    }
    try {
      yield ["parsed", JSON.parse(json_string)];
    } catch (err) {
      yield ["error", `Invalid JSON: ${(err as Error).message}`];
    }
  },
  tests: [
    { input: { json_string: '{"name": "Ada", "tags": [1, 2]}' }, expect: [["parsed", { name: "Ada", tags: [1, 2] }]] },
    { input: { json_string: "null" }, expect: [["parsed", null]] },
    { input: { json_string: "{oops" }, expect: [["error", (m: unknown) => String(m).startsWith("Invalid JSON")]] },
  ],
});
