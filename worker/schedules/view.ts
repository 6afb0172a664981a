// A schedule as the API answers it: plain zod, so the editor (web/src/lib/api/triggers.ts) parses with the same
// definition the Worker's routes answer with (schema.ts names it for the OpenAPI document).
import { z } from "zod";
import { ExecutionStatus } from "../../engine/status";

/** A credential reference for a block's credentials pin (the vault entry's id, never the secret). */
export const CredentialRef = z.object({
  id: z.string().min(1).max(100),
  provider: z.string().max(100).optional(),
  type: z.string().max(50).optional(),
  title: z.string().max(200).optional(),
});

export const ScheduleViewShape = z.object({
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
});
