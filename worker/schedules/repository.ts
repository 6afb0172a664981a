// Schedules in D1, always scoped by owner. `next_run_at` (ISO UTC, indexed with `enabled`) is the next fire
// time the cron handler looks for; `last_run_*` is what the last fire did.
import { isoTime } from "../../engine/views";
import { nextFires, parseCron } from "./cron";
import type { ScheduleView } from "./schema";

export type ScheduleRow = {
  id: string;
  owner_id: string;
  graph_id: string;
  graph_version: number;
  name: string;
  cron: string;
  timezone: string;
  inputs: string;
  credentials: string | null;
  callback_url: string | null;
  /** Migration 0007: a library preset whose inputs and credentials the runs use. */
  preset_id?: string | null;
  enabled: number;
  next_run_at: string;
  last_run_at: string | null;
  last_run_id: string | null;
  last_run_status: string | null;
  last_run_error: string | null;
  created_at: string;
  /** The last run's status in the executions index (current once the run's row is written). */
  run_status?: string | null;
};

/** A date far away: the next fire of a schedule that never fires again (kept out of the due index scan). */
export const NEVER = "9999-12-31T23:59:59.999Z";

const SELECT_VIEW = `SELECT s.*, e.status AS run_status FROM schedules s
  LEFT JOIN executions e ON e.id = s.last_run_id AND e.owner_id = s.owner_id`;

export async function getSchedule(db: D1Database, ownerId: string, id: string): Promise<ScheduleRow | null> {
  return db.prepare(`${SELECT_VIEW} WHERE s.id = ? AND s.owner_id = ?`).bind(id, ownerId).first<ScheduleRow>();
}

export async function listSchedules(db: D1Database, ownerId: string, graphId?: string): Promise<ScheduleRow[]> {
  const where = graphId ? "WHERE s.owner_id = ? AND s.graph_id = ?" : "WHERE s.owner_id = ?";
  const { results } = await db
    .prepare(`${SELECT_VIEW} ${where} ORDER BY s.created_at DESC, s.id DESC`)
    .bind(...(graphId ? [ownerId, graphId] : [ownerId]))
    .all<ScheduleRow>();
  return results;
}

export const countSchedules = async (db: D1Database, ownerId: string) =>
  (await db.prepare("SELECT COUNT(*) AS n FROM schedules WHERE owner_id = ?").bind(ownerId).first<{ n: number }>())
    ?.n ?? 0;

/** The first fire strictly after `fromMs` as stored in `next_run_at` (NEVER when there is none). */
export function nextRunAt(cron: string, timezone: string, fromMs: number): string {
  const parsed = parseCron(cron, timezone);
  if (Array.isArray(parsed)) return NEVER;
  const [next] = nextFires(parsed, fromMs, 1);
  return next === undefined ? NEVER : (isoTime(next) as string);
}

export function scheduleView(row: ScheduleRow, nowMs = Date.now()): ScheduleView {
  const parsed = parseCron(row.cron, row.timezone);
  const paused = row.enabled === 0;
  const upcoming = paused || Array.isArray(parsed) ? [] : nextFires(parsed, nowMs, 5);
  const status = (row.run_status ?? row.last_run_status ?? null) as NonNullable<ScheduleView["last_run"]>["status"];
  return {
    id: row.id,
    graph_id: row.graph_id,
    graph_version: row.graph_version,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    credentials: row.credentials ? (JSON.parse(row.credentials) as ScheduleView["credentials"]) : null,
    paused,
    callback_url: row.callback_url,
    preset_id: row.preset_id ?? null,
    next_fire_times: upcoming.map((ms) => isoTime(ms) as string),
    last_run:
      row.last_run_at || row.last_run_status
        ? {
            execution_id: row.last_run_id,
            status,
            fired_at: row.last_run_at,
            error: row.last_run_error,
          }
        : null,
    created_at: row.created_at,
  };
}
