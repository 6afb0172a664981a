// Typed calls for schedules and webhooks (how an agent runs on its own), one function each; answers parsed with
// the Worker's own view definitions.
import { z } from "zod";
import { ScheduleViewShape } from "../../../../worker/schedules/view";
import { WebhookViewShape } from "../../../../worker/webhooks/view";
import { request, requestVoid } from "./http";

export type Schedule = z.infer<typeof ScheduleViewShape>;

export type NewSchedule = { name: string; cron: string; timezone: string; inputs: Record<string, unknown> };

export type Webhook = z.infer<typeof WebhookViewShape>;

export const schedules = {
  list: (graphId: string) =>
    request(z.looseObject({ items: z.array(ScheduleViewShape) }), `/graphs/${graphId}/schedules`).then((r) => r.items),
  create: (graphId: string, body: NewSchedule) => request(ScheduleViewShape, `/graphs/${graphId}/schedules`, { body }),
  setPaused: (id: string, paused: boolean) =>
    request(ScheduleViewShape, `/schedules/${id}`, { method: "PATCH", body: { paused } }),
  remove: (id: string) => requestVoid(`/schedules/${id}`, { method: "DELETE" }),
};

export const webhooks = {
  list: (graphId: string) =>
    request(z.looseObject({ items: z.array(WebhookViewShape) }), "/webhooks", { query: { graph_id: graphId } }).then(
      (r) => r.items,
    ),
  setPreset: (id: string, presetId: string | null) =>
    request(WebhookViewShape, `/webhooks/${id}`, { method: "PATCH", body: { preset_id: presetId } }),
  newSecret: (id: string) => request(z.object({ secret: z.string() }), `/webhooks/${id}/secret`, { method: "POST" }),
};
