// The cron's file sweep: R2 objects of runs that no longer exist (their index row is gone: the run or its owner was
// deleted, or a run's own cleanup stopped part-way) are deleted, and so are the files (`<run>/files/…`) of runs
// whose graph was deleted. Each tick walks at most FILES_CLEANUP_KEYS_PER_TICK keys under `runs/` and keeps its
// place in R2 (`system/file-cleanup-cursor`), so a large bucket is covered over several minutes at a bounded cost.
// Uploads (`runs/<owner>/uploads/`) are the user's own and stay until they delete them.
import { log } from "../log";

const CURSOR_KEY = "system/file-cleanup-cursor";
/** Objects younger than this are left alone: a starting run may write before its index row lands. */
const GRACE_MS = 15 * 60_000;
/** Ids per D1 query (D1 allows 100 bound parameters). */
const IDS_PER_QUERY = 90;

export type SweepReport = { scanned: number; deleted: number; wrapped: boolean };

export function cleanupKeysPerTick(env: Env): number {
  const n = Number(env.FILES_CLEANUP_KEYS_PER_TICK);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : 1000;
}

type RunRow = { id: string; owner_id: string; graph_exists: number };

async function runsById(db: D1Database, ids: string[]): Promise<Map<string, RunRow>> {
  const rows = new Map<string, RunRow>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    const { results } = await db
      .prepare(
        `SELECT e.id, e.owner_id, EXISTS (SELECT 1 FROM graphs g WHERE g.id = e.graph_id) AS graph_exists
         FROM executions e WHERE e.id IN (${chunk.map(() => "?").join(",")})`,
      )
      .bind(...chunk)
      .all<RunRow>();
    for (const row of results) rows.set(row.id, row);
  }
  return rows;
}

/** One step of the sweep; `wrapped` when it reached the end of the bucket (the next step starts over). */
export async function sweepRunFiles(env: Env, nowMs: number): Promise<SweepReport> {
  const bucket = env.FILES;
  const cursor = (await (await bucket.get(CURSOR_KEY))?.text()) || undefined;
  let page: R2Objects;
  try {
    page = await bucket.list({ prefix: "runs/", cursor, limit: cleanupKeysPerTick(env) });
  } catch {
    // A cursor R2 no longer accepts: start over.
    page = await bucket.list({ prefix: "runs/", limit: cleanupKeysPerTick(env) });
  }
  const candidates: { key: string; owner: string; run: string; isFile: boolean }[] = [];
  for (const object of page.objects) {
    const [, owner, run, kind] = object.key.split("/");
    if (!owner || !run || run === "uploads" || object.uploaded.getTime() > nowMs - GRACE_MS) continue;
    candidates.push({ key: object.key, owner, run, isFile: kind === "files" });
  }
  const runs = await runsById(env.DB, [...new Set(candidates.map((c) => c.run))]);
  const doomed = candidates
    .filter((c) => {
      const row = runs.get(c.run);
      if (!row || row.owner_id !== c.owner) return true;
      return c.isFile && row.graph_exists === 0;
    })
    .map((c) => c.key);
  for (let i = 0; i < doomed.length; i += 1000) await bucket.delete(doomed.slice(i, i + 1000));
  if (page.truncated) await bucket.put(CURSOR_KEY, page.cursor);
  else await bucket.delete(CURSOR_KEY);
  return { scanned: page.objects.length, deleted: doomed.length, wrapped: !page.truncated };
}

/** The scheduled() step: a failing sweep is logged and never stops the schedules. */
export async function cleanupRunFiles(env: Env, nowMs: number): Promise<void> {
  try {
    const report = await sweepRunFiles(env, nowMs);
    if (report.deleted > 0) log(env, "info", "run files cleaned up", report);
  } catch (error) {
    log(env, "error", "run file cleanup failed", { error: error instanceof Error ? error.message : String(error) });
  }
}
