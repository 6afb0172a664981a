// Cron expressions in time zones, with our DST rule: a local time that does not exist is skipped, one that
// exists twice fires once.
import { describe, expect, it } from "vitest";
import { dueFire, nextFires, type ParsedCron, parseCron } from "../worker/schedules/cron";

const parsed = (cron: string, tz: string) => {
  const p = parseCron(cron, tz);
  if (Array.isArray(p)) throw new Error(JSON.stringify(p));
  return p as ParsedCron;
};
const iso = (ms: number[]) => ms.map((m) => new Date(m).toISOString());

describe("schedule cron", () => {
  it("reads 5 fields in the schedule's zone", () => {
    const p = parsed("0 9 * * 1-5", "Europe/Berlin");
    // Friday 2026-01-09 → Fri 9:00 CET = 08:00Z, then Mon, Tue
    expect(iso(nextFires(p, Date.parse("2026-01-08T12:00:00Z"), 3))).toEqual([
      "2026-01-09T08:00:00.000Z",
      "2026-01-12T08:00:00.000Z",
      "2026-01-13T08:00:00.000Z",
    ]);
    const summer = parsed("0 9 * * *", "Europe/Berlin");
    expect(iso(nextFires(summer, Date.parse("2026-07-01T00:00:00Z"), 1))).toEqual(["2026-07-01T07:00:00.000Z"]);
  });

  it("accepts the usual macros", () => {
    expect(iso(nextFires(parsed("@daily", "Asia/Tokyo"), Date.parse("2026-05-01T00:00:00Z"), 2))).toEqual([
      "2026-05-01T15:00:00.000Z",
      "2026-05-02T15:00:00.000Z",
    ]);
    expect(iso(nextFires(parsed("@hourly", "UTC"), Date.parse("2026-05-01T00:10:00Z"), 1))).toEqual([
      "2026-05-01T01:00:00.000Z",
    ]);
    for (const m of ["@weekly", "@monthly", "@yearly", "@annually", "@midnight"])
      expect(parseCron(m, "UTC")).not.toBeInstanceOf(Array);
  });

  it("names the field of a bad expression or zone", () => {
    expect(parseCron("61 * * * *", "UTC")).toEqual([{ path: "cron", message: expect.stringContaining("minute") }]);
    expect(parseCron("* * * * * *", "UTC")).toEqual([{ path: "cron", message: expect.stringContaining("5 parts") }]);
    expect(parseCron("* * * * *", "Mars/Olympus_Mons")).toEqual([
      { path: "timezone", message: "Unknown IANA time zone 'Mars/Olympus_Mons'" },
    ]);
  });

  it("skips a fire time that does not exist (spring forward)", () => {
    // New York, 2026-03-08: 02:00 → 03:00. 02:30 does not exist that day.
    const p = parsed("30 2 * * *", "America/New_York");
    expect(iso(nextFires(p, Date.parse("2026-03-07T12:00:00Z"), 2))).toEqual([
      "2026-03-09T06:30:00.000Z", // Monday 02:30 EDT; Sunday's fire is skipped, not moved to 03:00
      "2026-03-10T06:30:00.000Z",
    ]);
    // An interval job keeps its other times that day.
    const every30 = parsed("*/30 1-3 * * *", "America/New_York");
    expect(iso(nextFires(every30, Date.parse("2026-03-08T05:00:00Z"), 4))).toEqual([
      "2026-03-08T06:00:00.000Z", // 01:00 EST
      "2026-03-08T06:30:00.000Z", // 01:30 EST
      "2026-03-08T07:00:00.000Z", // 03:00 EDT (02:00 and 02:30 do not exist)
      "2026-03-08T07:30:00.000Z",
    ]);
  });

  it("fires once at a time that exists twice (fall back)", () => {
    // New York, 2026-11-01: 02:00 EDT → 01:00 EST. 01:00–01:59 happen twice.
    const fixed = parsed("30 1 * * *", "America/New_York");
    expect(iso(nextFires(fixed, Date.parse("2026-10-31T12:00:00Z"), 2))).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-02T06:30:00.000Z",
    ]);
    const every30 = parsed("*/30 1 * * *", "America/New_York");
    expect(iso(nextFires(every30, Date.parse("2026-10-31T12:00:00Z"), 3))).toEqual([
      "2026-11-01T05:00:00.000Z", // 01:00 EDT
      "2026-11-01T05:30:00.000Z", // 01:30 EDT; the EST repeats (06:00Z, 06:30Z) do not fire
      "2026-11-02T06:00:00.000Z",
    ]);
  });

  it("after downtime picks the latest missed fire and the next one after now", () => {
    const p = parsed("*/5 * * * *", "UTC");
    const { due, next } = dueFire(p, Date.parse("2026-01-01T00:00:00Z") - 1, Date.parse("2026-01-02T10:07:30Z"));
    expect(iso([due as number, next as number])).toEqual(["2026-01-02T10:05:00.000Z", "2026-01-02T10:10:00.000Z"]);
    expect(dueFire(p, Date.parse("2026-01-02T10:05:00Z"), Date.parse("2026-01-02T10:07:30Z")).due).toBeUndefined();
  });
});
