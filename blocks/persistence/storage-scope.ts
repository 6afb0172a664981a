// AutoGPT's StorageScope values and the ctx.kv scope each maps to: "within_agent" data is shared by every
// run of this agent (ctx.kv scope "agent", keyed by graph id), "across_agents" by every agent of the user.
import { z } from "zod";

export const StorageScope = z.enum(["within_agent", "across_agents"]);
export type StorageScope = z.infer<typeof StorageScope>;

export const kvScope = (scope: StorageScope) => (scope === "across_agents" ? "user" : "agent");

export const scopeField = StorageScope.default("within_agent").describe(
  "Scope of persistence: within_agent (shared across all runs of this agent) or across_agents (shared across all agents for this user)",
);
