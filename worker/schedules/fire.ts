// The queue consumer's side of a schedule: start the run for one fire through the one start path, with the
// idempotency key `schedule:<id>:<fire time>` (a redelivered message reaches the same run), and record it.
import { ApiError } from "../errors";
import { startGraphRun } from "../executions/start";
import type { ScheduleFire } from "../jobs/messages";
import { withPreset } from "../library/presets";
import type { ScheduleRow } from "./repository";
import { NEVER } from "./repository";

export type FireOutcome = "started" | "skipped" | "stopped" | "failed_to_start";

export async function fireSchedule(env: Env, msg: ScheduleFire): Promise<FireOutcome> {
  const row = await env.DB.prepare("SELECT * FROM schedules WHERE id = ?").bind(msg.schedule_id).first<ScheduleRow>();
  if (!row || row.enabled === 0) return "skipped";
  // The owner must still own the graph version the schedule runs; a deleted graph or version stops it.
  const owned = await env.DB.prepare("SELECT 1 AS ok FROM graphs WHERE id = ? AND owner_id = ? AND version = ?")
    .bind(row.graph_id, row.owner_id, row.graph_version)
    .first();
  if (!owned) {
    await env.DB.prepare(
      `UPDATE schedules SET enabled = 0, next_run_at = ?, last_run_status = 'STOPPED', last_run_id = NULL,
        last_run_at = ?, last_run_error = ? WHERE id = ?`,
    )
      .bind(NEVER, msg.fire_time, "The graph or the schedule's graph version was deleted", row.id)
      .run();
    return "stopped";
  }
  try {
    // A schedule naming a library preset runs with its inputs (the schedule's own override) and credentials.
    const { inputs, credentialsInputs } = await withPreset(env.DB, row.owner_id, row.preset_id, row.graph_id, {
      inputs: JSON.parse(row.inputs) as Record<string, unknown>,
      credentialsInputs: row.credentials ? (JSON.parse(row.credentials) as Record<string, unknown>) : undefined,
    });
    const { executionId } = await startGraphRun(env, {
      ownerId: row.owner_id,
      graphId: row.graph_id,
      version: row.graph_version,
      inputs,
      credentialsInputs,
      idempotencyKey: `schedule:${row.id}:${msg.fire_time}`,
      trigger: { type: "schedule", schedule_id: row.id },
      callbackUrl: row.callback_url,
    });
    await record(env, row.id, msg.fire_time, executionId, "RUNNING", null);
    return "started";
  } catch (err) {
    // A graph that cannot run or inputs that no longer fit will not get better by retrying: recorded, not retried.
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
      const detail = err.details.map((d) => `${d.path}: ${d.message}`).join("; ");
      await record(
        env,
        row.id,
        msg.fire_time,
        null,
        "FAILED_TO_START",
        detail ? `${err.message} (${detail})` : err.message,
      );
      return "failed_to_start";
    }
    throw err;
  }
}

/** Records a fire unless a later fire was already recorded (messages may arrive out of order). */
const record = (
  env: Env,
  id: string,
  fireTime: string,
  executionId: string | null,
  status: string,
  error: string | null,
) =>
  env.DB.prepare(
    `UPDATE schedules SET last_run_id = ?, last_run_status = ?, last_run_error = ?, last_run_at = ?
     WHERE id = ? AND (last_run_at IS NULL OR last_run_at <= ?)`,
  )
    .bind(executionId, status, error, fireTime, id, fireTime)
    .run();
