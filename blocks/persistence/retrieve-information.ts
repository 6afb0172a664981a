import { z } from "zod";
import { defineBlock } from "../contract";
import { kvScope, scopeField } from "./storage-scope";

export const retrieveInformationBlock = defineBlock({
  id: "d8710fc9-6e29-481e-a7d5-165eb16f8471",
  name: "RetrieveInformationBlock",
  description: "Retrieve key-value information for the current user",
  categories: ["DATA"],
  staticOutput: true,
  input: z.object({
    key: z.string().min(1).max(512).describe("Key to retrieve the information for"),
    scope: scopeField,
    default_value: z.unknown().default(null).describe("Default value to return if key is not found"),
  }),
  output: z.object({ value: z.unknown().describe("Retrieved value or default value") }),
  async *run(input, ctx) {
    const stored = await ctx.kv.get(kvScope(input.scope), input.key);
    yield ["value", stored ?? input.default_value];
  },
  tests: [
    {
      input: { key: "user_preference", scope: "within_agent", default_value: { theme: "light", language: "en" } },
      expect: [["value", { theme: "light", language: "en" }]],
    },
    {
      name: "a stored value wins over the default",
      input: { key: "user_preference", default_value: "x" },
      ctx: {
        kv: {
          get: async (scope, key) => (scope === "agent" && key === "user_preference" ? { theme: "dark" } : undefined),
          set: async () => undefined,
        },
      },
      expect: [["value", { theme: "dark" }]],
    },
  ],
});
