import { z } from "zod";
import { defineBlock, type Json } from "../contract";
import { kvScope, scopeField } from "./storage-scope";

export const persistInformationBlock = defineBlock({
  id: "1d055e55-a2b9-4547-8311-907d05b0304d",
  name: "PersistInformationBlock",
  description: "Persist key-value information for the current user",
  categories: ["DATA"],
  input: z.object({
    key: z.string().min(1).max(512).describe("Key to store the information under"),
    value: z.unknown().describe("Value to store"),
    scope: scopeField,
  }),
  output: z.object({ value: z.unknown().describe("Value that was stored") }),
  async *run(input, ctx) {
    await ctx.kv.set(kvScope(input.scope), input.key, (input.value ?? null) as Json);
    yield ["value", input.value];
  },
  tests: [
    {
      input: { key: "user_preference", value: { theme: "dark", language: "en" }, scope: "within_agent" },
      expect: [["value", { theme: "dark", language: "en" }]],
    },
    {
      name: "across_agents stores under the user scope",
      input: { key: "k", value: 1, scope: "across_agents" },
      ctx: {
        kv: {
          get: async () => undefined,
          set: async (scope, key) => {
            if (scope !== "user" || key !== "k") throw new Error(`stored under ${scope}:${key}`);
          },
        },
      },
      expect: [["value", 1]],
    },
  ],
});
