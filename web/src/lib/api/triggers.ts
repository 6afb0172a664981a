// Typed calls for schedules and webhooks (how an agent runs on its own), one function each.
import { z } from "zod";
import { request, requestVoid } from "./http";

export const ScheduleSchema = z.looseObject({
  id: z.string(),
  graph_id: z.string(),
  graph_version: z.number(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  paused: z.boolean(),
  next_fire_times: z.array(z.string()),
  last_run: z
    .object({
      execution_id: z.string().nullable(),
      status: z.string().nullable(),
      fired_at: z.string().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
  created_at: z.string(),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

export type NewSchedule = { name: string; cron: string; timezone: string; inputs: Record<string, unknown> };

export const WebhookSchema = z.looseObject({
  id: z.string(),
  graph_id: z.string(),
  node_id: z.string().nullable(),
  url: z.string(),
  has_secret: z.boolean(),
  created_at: z.string(),
  preset_id: z.string().nullable().optional(),
  last_delivery: z
    .object({ at: z.string(), status: z.number().nullable(), execution_id: z.string().nullable() })
    .nullable(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const schedules = {
  list: (graphId: string) =>
    request(z.looseObject({ items: z.array(ScheduleSchema) }), `/graphs/${graphId}/schedules`).then((r) => r.items),
  create: (graphId: string, body: NewSchedule) => request(ScheduleSchema, `/graphs/${graphId}/schedules`, { body }),
  setPaused: (id: string, paused: boolean) =>
    request(ScheduleSchema, `/schedules/${id}`, { method: "PATCH", body: { paused } }),
  remove: (id: string) => requestVoid(`/schedules/${id}`, { method: "DELETE" }),
};

export const webhooks = {
  list: (graphId: string) =>
    request(z.looseObject({ items: z.array(WebhookSchema) }), "/webhooks", { query: { graph_id: graphId } }).then(
      (r) => r.items,
    ),
  setPreset: (id: string, presetId: string | null) =>
    request(WebhookSchema, `/webhooks/${id}`, { method: "PATCH", body: { preset_id: presetId } }),
  newSecret: (id: string) => request(z.object({ secret: z.string() }), `/webhooks/${id}/secret`, { method: "POST" }),
};
