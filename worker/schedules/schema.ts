// The schedule resource: request bodies and the view, one definition each.
import { z } from "@hono/zod-openapi";
import { ExecutionStatus } from "../../engine/status";

/** A credential reference for a block's credentials pin (the vault entry's id, never the secret). */
const CredentialRef = z.object({
  id: z.string().min(1).max(100),
  provider: z.string().max(100).optional(),
  type: z.string().max(50).optional(),
  title: z.string().max(200).optional(),
});

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

export const ScheduleView = z
  .object({
    id: z.string(),
    graph_id: z.string(),
    graph_version: z.number().int(),
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    inputs: z.record(z.string(), z.unknown()),
    credentials: z.record(z.string(), CredentialRef).nullable(),
    paused: z.boolean(),
    callback_url: z.string().nullable(),
    preset_id: z.string().nullable(),
    next_fire_times: z.array(z.string()).describe("The next 5 fire times, ISO 8601 UTC (empty while paused)"),
    last_run: z
      .object({
        execution_id: z.string().nullable(),
        status: z.union([ExecutionStatus, z.enum(["FAILED_TO_START", "STOPPED"])]).nullable(),
        fired_at: z.string().nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    created_at: z.string(),
  })
  .openapi("Schedule");
export type ScheduleView = z.infer<typeof ScheduleView>;
