// Typed calls for every endpoint the editor uses, one function each.
import { z } from "zod";
import type { Graph } from "../../../../graph/schema";
import { request, requestVoid } from "./http";
import { AnalyticsReportSchema, NotificationListSchema } from "./monitoring-schemas";
import {
  ApiKeySchema,
  BlockListSchema,
  ExecutionSchema,
  GraphResponseSchema,
  GraphSummarySchema,
  GraphVersionSchema,
  pageOf,
  ReviewSchema,
  SessionSchema,
  UserSchema,
} from "./schemas";

export type GraphInput = Partial<Graph> & Pick<Graph, "nodes" | "links">;

export const auth = {
  signup: (email: string, password: string) => request(SessionSchema, "/auth/signup", { body: { email, password } }),
  login: (email: string, password: string) => request(SessionSchema, "/auth/login", { body: { email, password } }),
  /** Needs the current password; ends every other session and answers with this one's new token. */
  changePassword: (currentPassword: string, newPassword: string) =>
    request(SessionSchema, "/auth/password", {
      body: { current_password: currentPassword, new_password: newPassword },
    }),
  /** Every session token of the user stops working, this one included. */
  signOutEverywhere: () => requestVoid("/auth/logout-all", { method: "POST" }),
  me: () => request(z.union([UserSchema, z.looseObject({ user: UserSchema }).transform((r) => r.user)]), "/auth/me"),
};

export const blocks = {
  list: () => request(BlockListSchema, "/blocks"),
};

const GraphListSchema = z.union([
  pageOf(GraphSummarySchema),
  z.array(GraphSummarySchema).transform((items) => ({ items, next_cursor: null })),
]);
const VersionListSchema = z.union([
  z.array(GraphVersionSchema),
  z.looseObject({ items: z.array(GraphVersionSchema) }).transform((r) => r.items),
]);

export const graphs = {
  list: (cursor?: string) => request(GraphListSchema, "/graphs", { query: { limit: 100, cursor } }),
  get: (id: string, version?: number) => request(GraphResponseSchema, `/graphs/${id}`, { query: { version } }),
  create: (graph: GraphInput) => request(GraphResponseSchema, "/graphs", { body: graph }),
  /** Saves a new version (AutoGPT's PUT semantics). */
  update: (id: string, graph: GraphInput) =>
    request(GraphResponseSchema, `/graphs/${id}`, { method: "PUT", body: graph }),
  setActiveVersion: (id: string, version: number) =>
    request(GraphResponseSchema, `/graphs/${id}`, { method: "PATCH", body: { active_version: version } }),
  remove: (id: string) => requestVoid(`/graphs/${id}`, { method: "DELETE" }),
  versions: (id: string) => request(VersionListSchema, `/graphs/${id}/versions`),
  /** Imports an AutoGPT (or Agentflare) export; `warnings` lists what the import could not honour. */
  import: (json: unknown) =>
    request(
      z.union([
        z.looseObject({ graph: GraphResponseSchema, warnings: z.array(z.unknown()).default([]) }),
        GraphResponseSchema.transform((graph) => ({ graph, warnings: [] as unknown[] })),
      ]),
      "/graphs/import",
      { body: json },
    ),
  export: (id: string, version?: number) =>
    request(z.record(z.string(), z.unknown()), `/graphs/${id}/export`, { query: { version } }),
  execute: (id: string, inputs: Record<string, unknown>, version?: number) =>
    request(
      z.looseObject({ execution_id: z.string().optional(), id: z.string().optional() }).transform((r) => ({
        executionId: r.execution_id ?? r.id ?? "",
      })),
      `/graphs/${id}/execute`,
      { body: { inputs, ...(version ? { version } : {}) } },
    ),
  /** Runs one node on its own: its saved inputs with `inputs` over them (a run like any other). */
  runNode: (id: string, nodeId: string, inputs: Record<string, unknown>, version?: number) =>
    request(
      z.looseObject({ execution_id: z.string() }).transform((r) => ({ executionId: r.execution_id })),
      `/graphs/${id}/nodes/${encodeURIComponent(nodeId)}/run`,
      { body: { inputs, ...(version ? { version } : {}) } },
    ),
  executions: (id: string, limit = 100, cursor?: string) =>
    request(
      z.union([pageOf(ExecutionSchema), z.array(ExecutionSchema).transform((items) => ({ items, next_cursor: null }))]),
      `/graphs/${id}/executions`,
      { query: { limit, cursor } },
    ),
};

export const executions = {
  get: (id: string) => request(ExecutionSchema, `/executions/${id}`),
  cancel: (id: string) => requestVoid(`/executions/${id}/cancel`, { method: "POST" }),
  reviews: (id: string) =>
    request(
      z.union([z.array(ReviewSchema), z.looseObject({ items: z.array(ReviewSchema) }).transform((r) => r.items)]),
      `/executions/${id}/reviews`,
    ),
  review: (id: string, nodeExecId: string, approved: boolean, data?: unknown) =>
    requestVoid(`/executions/${id}/reviews/${nodeExecId}`, {
      body: { approved, ...(data !== undefined ? { data } : {}) },
    }),
};

/** A stored credential as the API shows it: metadata only, never the secret. */
export const CredentialSchema = z.looseObject({
  id: z.string(),
  provider: z.string(),
  type: z.string(),
  title: z.string(),
  created_at: z.string().nullish(),
  base_url: z.string().optional(),
  host: z.string().optional(),
});
export type Credential = z.output<typeof CredentialSchema>;

export const credentials = {
  list: () =>
    request(
      z.union([
        z.array(CredentialSchema),
        z.looseObject({ items: z.array(CredentialSchema) }).transform((r) => r.items),
      ]),
      "/credentials",
    ),
  create: (body: { provider: string; type: "api_key"; title: string; api_key?: string; base_url?: string }) =>
    request(CredentialSchema, "/credentials", { body }),
  remove: (id: string) => requestVoid(`/credentials/${id}`, { method: "DELETE" }),
  /** One cheap request to the provider with the key: {ok} or {ok: false, message} (422 when it has no test). */
  test: (id: string) =>
    request(
      z.looseObject({ ok: z.boolean(), status: z.number().optional(), message: z.string().optional() }),
      `/credentials/${id}/test`,
      { method: "POST" },
    ),
};

export const apiKeys = {
  list: () =>
    request(
      z.union([pageOf(ApiKeySchema), z.array(ApiKeySchema).transform((items) => ({ items, next_cursor: null }))]),
      "/api-keys",
    ),
  create: (name: string, scopes: string[]) =>
    request(
      z.looseObject({ key: z.string().optional(), token: z.string().optional(), api_key: ApiKeySchema.optional() }),
      "/api-keys",
      { body: { name, scopes } },
    ),
  revoke: (id: string) => requestVoid(`/api-keys/${id}`, { method: "DELETE" }),
};

export type RunFilter = { status?: string; graph_id?: string; trigger?: string };

/** Every run of the user across agents, newest first. */
export const runs = {
  list: (filter: RunFilter, cursor?: string, limit = 50) =>
    request(pageOf(ExecutionSchema), "/executions", { query: { limit, cursor, ...filter } }),
};

export const analytics = {
  overview: (days = 30) => request(AnalyticsReportSchema, "/analytics/overview", { query: { days } }),
  agent: (graphId: string, days = 30) =>
    request(AnalyticsReportSchema, `/analytics/graphs/${graphId}`, { query: { days } }),
};

export const notifications = {
  list: () => request(NotificationListSchema, "/notifications", { query: { limit: 20 } }),
  markRead: (id: string) => requestVoid(`/notifications/${id}/read`, { method: "POST" }),
  markAllRead: () => requestVoid("/notifications/read", { method: "POST" }),
};
