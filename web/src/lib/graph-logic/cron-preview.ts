// The cron helper's preview: the next fire times of an expression in a zone, read by croner as the server does
// (5 fields or a macro). The server's answer (`next_fire_times`) is what counts once the schedule exists.
import { Cron } from "croner";

export const CRON_PRESETS: { label: string; cron: string }[] = [
  { label: "Every minute", cron: "* * * * *" },
  { label: "Every 5 minutes", cron: "*/5 * * * *" },
  { label: "Every hour", cron: "@hourly" },
  { label: "Every day at 09:00", cron: "0 9 * * *" },
  { label: "Weekdays at 09:00", cron: "0 9 * * 1-5" },
  { label: "Every Monday at 08:00", cron: "0 8 * * 1" },
  { label: "First of the month at 00:00", cron: "@monthly" },
];

/** The browser's own IANA zone (the default for a new schedule). */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The next `count` fires as Dates, or the reason the expression or zone is not valid. */
export function nextFireTimes(cron: string, timezone: string, count = 5, from = new Date()): Date[] | string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    return `Unknown time zone '${timezone}'`;
  }
  try {
    const job = new Cron(cron.trim(), { mode: "5-part", timezone, paused: true });
    const runs = job.nextRuns(count, from);
    job.stop();
    return runs.length > 0 ? runs : "This expression never fires";
  } catch (e) {
    return `Invalid cron expression: ${e instanceof Error ? e.message.replace(/^CronPattern: /, "") : String(e)}`;
  }
}

/** A fire time as the schedule's zone reads it, e.g. "Mon 9 Mar, 09:00". */
export function formatFire(date: Date | string, timezone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: timezone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(typeof date === "string" ? new Date(date) : date);
}
