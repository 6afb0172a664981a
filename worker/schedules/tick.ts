// The cron handler's work: find the schedules due by now through the (enabled, next_run_at) index, send one
// JOBS message per due fire, then move each schedule's next_run_at past now. Messages go out before the rows
// move: a tick that dies in between sends the same fires again next minute, and the consumer's idempotency
// key (schedule id + fire time) turns a repeat into the same run. After downtime a schedule fires once, for
// its latest missed fire time; the earlier missed ones are skipped.
import { isoTime } from "../../engine/views";
import { type ScheduleFire, sendJobs } from "../jobs/messages";
import { dueFire, type ParsedCron, parseCron } from "./cron";
import { scheduleLimits } from "./limits";
import { NEVER } from "./repository";

/** Rows read per D1 query; the tick pages until nothing is due or it reached its budget. */
const PAGE = 500;
/** Statements per D1 batch when moving next_run_at. */
const UPDATE_BATCH = 100;

type DueRow = { id: string; cron: string; timezone: string; next_run_at: string };

export type TickReport = { due: number; fired: number; pages: number; rowsRead: number };

/** @example await scheduleTick(env, controller.scheduledTime) */
export async function scheduleTick(env: Env, nowMs: number): Promise<TickReport> {
  const report: TickReport = { due: 0, fired: 0, pages: 0, rowsRead: 0 };
  const budget = scheduleLimits(env).tickMaxFires;
  const now = isoTime(nowMs) as string;
  const parsedCache = new Map<string, ParsedCron | null>();
  const select = env.DB.prepare(
    `SELECT id, cron, timezone, next_run_at FROM schedules INDEXED BY schedules_due_idx
     WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at LIMIT ?`,
  );
  const advance = env.DB.prepare("UPDATE schedules SET next_run_at = ? WHERE id = ? AND next_run_at = ?");
  while (report.due < budget) {
    const { results, meta } = await select.bind(now, Math.min(PAGE, budget - report.due)).all<DueRow>();
    report.pages++;
    report.rowsRead += meta.rows_read ?? 0;
    if (results.length === 0) break;
    const fires: ScheduleFire[] = [];
    const moves: D1PreparedStatement[] = [];
    for (const row of results) {
      const key = `${row.cron}\u0000${row.timezone}`;
      let parsed = parsedCache.get(key);
      if (parsed === undefined) {
        const p = parseCron(row.cron, row.timezone);
        parsed = Array.isArray(p) ? null : p;
        parsedCache.set(key, parsed);
      }
      let next = NEVER;
      if (parsed) {
        // From just before the stored fire time, so that time itself counts as due.
        const { due, next: after } = dueFire(parsed, Date.parse(row.next_run_at) - 1, nowMs);
        if (due !== undefined)
          fires.push({ kind: "schedule.fire", schedule_id: row.id, fire_time: isoTime(due) as string });
        if (after !== undefined) next = isoTime(after) as string;
      }
      moves.push(advance.bind(next, row.id, row.next_run_at));
    }
    await sendJobs(env.JOBS, fires);
    for (let i = 0; i < moves.length; i += UPDATE_BATCH) await env.DB.batch(moves.slice(i, i + UPDATE_BATCH));
    report.due += results.length;
    report.fired += fires.length;
    if (results.length < PAGE) break;
  }
  return report;
}
