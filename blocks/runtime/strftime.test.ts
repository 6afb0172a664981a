import { describe, expect, it } from "vitest";
import { assertTimezone, isoDateTime, strftime, zonedParts } from "./strftime";

const instant = new Date("2025-03-19T14:30:45.123Z");

describe("strftime", () => {
  it.each([
    ["%Y-%m-%d %H:%M:%S", "UTC", "2025-03-19 14:30:45"],
    ["%a %A %b %B %d %j", "UTC", "Wed Wednesday Mar March 19 078"],
    ["%I:%M %p", "UTC", "02:30 PM"],
    ["%H:%M %z", "Asia/Kathmandu", "20:15 +0545"],
    ["%Y-%m-%d %H:%M", "Pacific/Kiritimati", "2025-03-20 04:30"],
    ["%H:%M %z", "America/Los_Angeles", "07:30 -0700"],
    ["%f %%", "UTC", "123000 %"],
    ["%F %T", "UTC", "2025-03-19 14:30:45"],
    ["%Q stays", "UTC", "%Q stays"],
  ])("%s in %s", (format, tz, expected) => {
    expect(strftime(instant, format, tz)).toBe(expected);
  });

  it("follows daylight saving time", () => {
    expect(strftime(new Date("2025-01-15T12:00:00Z"), "%H %z", "Europe/Paris")).toBe("13 +0100");
    expect(strftime(new Date("2025-07-15T12:00:00Z"), "%H %z", "Europe/Paris")).toBe("14 +0200");
  });

  it("gives Python's isoformat with the zone offset", () => {
    expect(isoDateTime(instant, "UTC")).toBe("2025-03-19T14:30:45+00:00");
    expect(isoDateTime(instant, "Asia/Kolkata", true)).toBe("2025-03-19T20:00:45.123000+05:30");
  });

  it("knows the weekday (Monday = 0) across midnight in the zone", () => {
    expect(zonedParts(new Date("2025-03-16T23:30:00Z"), "Asia/Tokyo").weekday).toBe(0);
  });

  it("refuses unknown zones", () => {
    expect(() => assertTimezone("Not/AZone")).toThrow(/Unknown timezone/);
  });
});
