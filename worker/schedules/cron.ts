// Cron expressions for schedules: 5 fields or a macro (@hourly, @daily, @weekly, @monthly, @yearly), read in an
// IANA time zone by croner. Our DST rule differs from croner's (Vixie cron's) on purpose, so it is applied
// here over croner's candidates: a local time that does not exist (spring forward) is skipped, and a local time
// that exists twice (fall back) fires once, at its first occurrence.
import { Cron } from "croner";

export type ParsedCron = { cron: Cron; timezone: string };
export type CronProblem = { path: "cron" | "timezone"; message: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock formatter, or undefined when the zone is not a known IANA name. */
function wallClock(timezone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: timezone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      });
    } catch {
      return undefined;
    }
    formatters.set(timezone, f);
  }
  return f;
}

/** Parses and checks an expression and zone; problems carry the request field they concern. */
export function parseCron(expression: string, timezone: string): ParsedCron | CronProblem[] {
  const problems: CronProblem[] = [];
  if (!wallClock(timezone)) problems.push({ path: "timezone", message: `Unknown IANA time zone '${timezone}'` });
  let cron: Cron | undefined;
  try {
    // "5-part": minutes precision (seconds fixed at 0); macros are expanded by croner before the field count check.
    cron = new Cron(expression.trim(), { mode: "5-part", timezone: problems.length ? "UTC" : timezone });
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^CronPattern: /, "") : String(err);
    problems.push({ path: "cron", message: `Invalid cron expression: ${message}` });
  }
  if (problems.length > 0 || !cron) return problems;
  if (!cron.nextRun(new Date())) return [{ path: "cron", message: "The expression never fires" }];
  return { cron, timezone };
}

/** Local wall-clock minute of an instant in the zone, as comparable text. */
function wallMinute(f: Intl.DateTimeFormat, ms: number): string {
  return f.format(ms);
}

/** The zone's UTC offset at an instant, in minutes. */
function offsetMinutes(f: Intl.DateTimeFormat, ms: number): number {
  const p: Record<string, string> = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const n = (k: string) => Number(p[k]);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"));
  return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** Whether a candidate from croner fires under our DST rule. */
function fires(parsed: ParsedCron, ms: number): boolean {
  if (parsed.timezone === "UTC") return true;
  // Spring forward: croner moves a fixed time inside the gap to the gap's end; that instant does not match the pattern.
  if (!parsed.cron.match(new Date(ms))) return false;
  // Fall back: the second occurrence of a repeated wall time does not fire again.
  const f = wallClock(parsed.timezone) as Intl.DateTimeFormat;
  const before = offsetMinutes(f, ms - 3 * 3600_000);
  const now = offsetMinutes(f, ms);
  if (before > now) {
    const earlier = ms - (before - now) * 60_000;
    if (wallMinute(f, earlier) === wallMinute(f, ms)) return false;
  }
  return true;
}

/**
 * The next `count` fire times strictly after `afterMs`, under the DST rule above.
 * @example nextFires(parseCron("0 9 * * 1-5", "Europe/Berlin"), Date.now(), 5)
 */
export function nextFires(parsed: ParsedCron, afterMs: number, count: number): number[] {
  const out: number[] = [];
  let cursor = new Date(afterMs);
  // A pattern can hit a skipped time at most a few times in a row; the bound only guards against a bug.
  for (let guard = 0; out.length < count && guard < count * 4 + 8; guard++) {
    const next = parsed.cron.nextRun(cursor);
    if (!next) break;
    const ms = next.getTime();
    if (fires(parsed, ms)) out.push(ms);
    cursor = next;
  }
  return out;
}

/**
 * The latest fire time in (fromMs, toMs], or undefined; and the first one after toMs. Used by the cron handler:
 * after downtime only the latest missed fire runs.
 */
export function dueFire(parsed: ParsedCron, fromMs: number, toMs: number): { due?: number; next?: number } {
  let due: number | undefined;
  let cursor = fromMs;
  // Normally one step. After a long downtime, jump close to `toMs` instead of walking every missed fire.
  for (let steps = 0; ; steps++) {
    if (steps === 64) {
      const recent = parsed.cron.previousRuns(1, new Date(toMs + 1000))[0]?.getTime();
      if (recent !== undefined && recent > cursor) cursor = recent - 1000;
    }
    const [next] = nextFires(parsed, cursor, 1);
    if (next === undefined || next > toMs) return { due, next };
    due = next;
    cursor = next;
  }
}

/** The shortest gap between consecutive fires among the next `sample`, in seconds (for the minimum interval). */
export function shortestGapSeconds(parsed: ParsedCron, fromMs: number, sample = 60): number {
  const times = nextFires(parsed, fromMs, sample);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) min = Math.min(min, ((times[i] as number) - (times[i - 1] as number)) / 1000);
  return min;
}
