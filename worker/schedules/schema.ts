// The schedule resource: request bodies and the view, one definition each.
import { z } from "@hono/zod-openapi";
import { CredentialRef, ScheduleViewShape } from "./view";

const callbackUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe("POSTed a signed run summary when a run of this schedule is final");

export const NewSchedule = z
  .object({
    name: z.string().trim().min(1).max(200),
    cron: z.string().trim().min(1).max(200).openapi({ example: "*/15 9-17 * * 1-5" }),
    timezone: z.string().trim().min(1).max(100).default("UTC").openapi({ example: "Europe/Berlin" }),
    inputs: z.record(z.string(), z.unknown()).default({}),
    credentials: z.record(z.string(), CredentialRef).optional(),
    graph_version: z.number().int().positive().optional().describe("The active version when absent"),
    callback_url: callbackUrl.optional(),
    preset_id: z
      .string()
      .max(100)
      .optional()
      .describe("A library preset of this graph: its inputs and credentials are used, `inputs` override them"),
  })
  .openapi("NewSchedule");

export const SchedulePatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    cron: z.string().trim().min(1).max(200),
    timezone: z.string().trim().min(1).max(100),
    inputs: z.record(z.string(), z.unknown()),
    credentials: z.record(z.string(), CredentialRef).nullable(),
    paused: z.boolean(),
    callback_url: callbackUrl.nullable(),
  })
  .partial()
  .openapi("SchedulePatch");

export const ScheduleView = ScheduleViewShape.openapi("Schedule");
export type ScheduleView = z.infer<typeof ScheduleView>;
