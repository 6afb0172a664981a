import { JSONPath } from "jsonpath-plus";
import { z } from "zod";
import { defineBlock } from "../contract";

/**
 * Extracts values with a JSONPath expression ($.store.book[*].author, $..price, filters like
 * [?(@.price < 10)]). Filters run in jsonpath-plus's "safe" interpreter: no eval, no new Function.
 */
export const jsonPathExtractBlock = defineBlock({
  inMemory: true,
  id: "693c85dc-7f54-49a7-ac6f-1d619d407f8a",
  name: "JsonPathExtractBlock",
  description: "Extracts values from JSON data with a JSONPath expression.",
  categories: ["DATA"],
  input: z.object({
    data: z.unknown().describe("The data to search: an object or list, or JSON text of one"),
    path: z.string().min(1).max(2_000).meta({ description: "The JSONPath expression", placeholder: "$.items[*].name" }),
  }),
  output: z.object({
    results: z.array(z.unknown()).describe("Every value the path matched, in document order"),
    first: z.unknown().describe("The first value the path matched (only when something matched)"),
    not_found: z.string().describe("The path, when it matched nothing"),
  }),
  async *run({ data, path }) {
    let json = data;
    if (typeof json === "string") {
      try {
        json = JSON.parse(json);
      } catch {
        yield ["error", "data is text but not valid JSON"];
        return;
      }
    }
    if (json === null || typeof json !== "object") {
      yield ["error", "data must be an object or a list"];
      return;
    }
    let results: unknown[];
    try {
      results = JSONPath({ path, json: json as object, eval: "safe", wrap: true }) as unknown[];
    } catch (err) {
      yield ["error", `Invalid JSONPath expression: ${(err as Error).message}`];
      return;
    }
    yield ["results", results];
    if (results.length > 0) yield ["first", results[0]];
    else yield ["not_found", path];
  },
  tests: [
    {
      input: {
        data: {
          items: [
            { name: "a", price: 5 },
            { name: "b", price: 15 },
          ],
        },
        path: "$.items[*].name",
      },
      expect: [
        ["results", ["a", "b"]],
        ["first", "a"],
      ],
    },
    {
      name: "filters run without eval",
      input: {
        data: '{"items": [{"name": "a", "price": 5}, {"name": "b", "price": 15}]}',
        path: "$.items[?(@.price < 10)].name",
      },
      expect: [
        ["results", ["a"]],
        ["first", "a"],
      ],
    },
    {
      input: { data: { a: 1 }, path: "$.b" },
      expect: [
        ["results", []],
        ["not_found", "$.b"],
      ],
    },
  ],
});
