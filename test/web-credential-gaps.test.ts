// The editor's save-time check for nodes whose credentials picker is empty (the run would be refused).
import { describe, expect, it } from "vitest";
import type { BlockInfo } from "../web/src/lib/api/schemas";
import { nodesNeedingCredentials } from "../web/src/lib/graph-logic/credential-gaps";

const AI: BlockInfo = {
  id: "ai",
  name: "AITextGeneratorBlock",
  description: "",
  categories: [],
  block_type: "AI",
  static_output: false,
  input_schema: {
    type: "object",
    properties: {
      prompt: { type: "string" },
      credentials: { type: "object", credentials_provider: ["openai"], credentials_types: ["api_key"] },
    },
  },
  output_schema: {},
};
const PLAIN: BlockInfo = {
  ...AI,
  id: "plain",
  input_schema: { type: "object", properties: { text: { type: "string" } } },
};
const blockOf = (id: string) => [AI, PLAIN].find((b) => b.id === id);
const node = (id: string, block_id: string, input_default: Record<string, unknown> = {}, metadata = {}) => ({
  id,
  block_id,
  input_default,
  metadata,
});

describe("nodesNeedingCredentials", () => {
  it("names nodes with an empty credentials field, not those with one picked or none to pick", () => {
    const picked = { id: "c1", provider: "openai", type: "api_key", title: "Key" };
    const nodes = [node("a", "ai"), node("b", "ai", { credentials: picked }), node("c", "plain"), node("d", "ai")];
    expect(nodesNeedingCredentials(nodes, blockOf)).toEqual(["a", "d"]);
  });
  it("skips nodes marked credentials_optional, as the server does", () => {
    expect(nodesNeedingCredentials([node("a", "ai", {}, { credentials_optional: true })], blockOf)).toEqual([]);
  });
});
