// The store, library, presets and shared-run endpoints, parsed with the Worker's own shapes
// (worker/store/shapes.ts: one definition for both sides).
import { z } from "zod";
import {
  LibraryAgent,
  Preset,
  Profile,
  SharedRun,
  ShareLink,
  StoreAgentCard,
  StoreAgentDetail,
  StoreCreator,
  Submission,
} from "../../../../worker/store/shapes";
import { request, requestVoid } from "./http";

export {
  type LibraryAgent,
  type Preset,
  STORE_CATEGORIES,
  type StoreAgentCard,
  type StoreAgentDetail,
  type Submission,
} from "../../../../worker/store/shapes";

const AgentPage = z.object({ items: z.array(StoreAgentCard), page: z.number(), next_page: z.number().nullable() });

export const store = {
  agents: (q: { search?: string; category?: string; sort?: string; page?: number }) =>
    request(AgentPage, "/store/agents", { query: { ...q, page_size: 24 } }),
  agent: (username: string, slug: string) =>
    request(StoreAgentDetail, `/store/agents/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`),
  creator: (username: string) => request(StoreCreator, `/store/creators/${encodeURIComponent(username)}`),
  rate: (username: string, slug: string, score: number, comments: string) =>
    request(StoreAgentDetail, `/store/agents/${encodeURIComponent(username)}/${encodeURIComponent(slug)}/reviews`, {
      body: { score, comments },
    }),
  profile: () => request(Profile, "/store/profile"),
  submissions: () => request(z.object({ items: z.array(Submission) }), "/store/submissions"),
  submit: (body: {
    graph_id: string;
    graph_version: number;
    slug: string;
    name: string;
    sub_heading: string;
    description: string;
    categories: string[];
    image?: string;
  }) => request(Submission, "/store/submissions", { body }),
  withdraw: (id: string) => request(Submission, `/store/submissions/${id}`, { method: "DELETE" }),
};

export const library = {
  list: (search?: string) =>
    request(z.object({ items: z.array(LibraryAgent) }), "/library/agents", { query: { search: search || undefined } }),
  add: (listingId: string) => request(LibraryAgent, "/library/agents", { body: { listing_id: listingId } }),
  favorite: (graphId: string, isFavorite: boolean) =>
    request(LibraryAgent, `/library/agents/${graphId}`, { method: "PATCH", body: { is_favorite: isFavorite } }),
  update: (graphId: string) => request(LibraryAgent, `/library/agents/${graphId}/update`, { method: "POST" }),
  fork: (graphId: string) => request(LibraryAgent, `/library/agents/${graphId}/fork`, { method: "POST" }),
  remove: (graphId: string) => requestVoid(`/library/agents/${graphId}`, { method: "DELETE" }),
  presets: (graphId?: string) =>
    request(z.object({ items: z.array(Preset) }), "/library/presets", { query: { graph_id: graphId } }),
  createPreset: (body: { graph_id: string; name: string; inputs: Record<string, unknown> }) =>
    request(Preset, "/library/presets", { body }),
  deletePreset: (id: string) => requestVoid(`/library/presets/${id}`, { method: "DELETE" }),
  runPreset: (id: string) =>
    request(z.object({ execution_id: z.string() }), `/library/presets/${id}/execute`, { body: {} }),
};

export const sharing = {
  share: (executionId: string) => request(ShareLink, `/executions/${executionId}/share`, { method: "POST" }),
  revoke: (executionId: string) => requestVoid(`/executions/${executionId}/share`, { method: "DELETE" }),
  view: (token: string) => request(SharedRun, `/public/shared/${encodeURIComponent(token)}`),
};
