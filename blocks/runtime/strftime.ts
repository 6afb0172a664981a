// Python's strftime and isoformat for an instant in an IANA timezone, via Intl (Workers have full ICU).

export type ZonedParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 0 = Monday, as Python's weekday()
  offsetMinutes: number;
  zoneName: string;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a clear error for a name Intl does not know. */
export function assertTimezone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new Error(`Unknown timezone: ${timeZone}`);
  }
}

/** The wall-clock fields of `date` in `timeZone`, and the zone's UTC offset at that instant. */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  assertTimezone(timeZone);
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
      timeZoneName: "short",
    });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond: date.getUTCMilliseconds(),
    weekday: weekdays.indexOf(parts.weekday ?? "Mon"),
    offsetMinutes,
    zoneName: timeZone === "UTC" ? "UTC" : (parts.timeZoneName ?? timeZone),
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** `+05:30` (colon) or `+0530` (no colon, as strftime's %z). */
export function formatOffset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ":" : ""}${pad(abs % 60)}`;
}

function dayOfYear(p: ZonedParts): number {
  return Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
}

/**
 * Python's `datetime.strftime` for the common directives (%Y %m %d %H %M %S %f %y %b %B %a %A %p %I
 * %j %Z %z %w %u %e %F %T %D %R %c %x %X %%). Unknown directives are left as written, as glibc does.
 *
 * @example
 * strftime(new Date("2025-03-19T14:30:45Z"), "%Y-%m-%d %H:%M", "Asia/Kolkata"); // "2025-03-19 20:00"
 */
export function strftime(date: Date, format: string, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const table: Record<string, () => string> = {
    Y: () => String(p.year),
    y: () => pad(p.year % 100),
    m: () => pad(p.month),
    d: () => pad(p.day),
    e: () => String(p.day).padStart(2, " "),
    H: () => pad(p.hour),
    I: () => pad(hour12),
    M: () => pad(p.minute),
    S: () => pad(p.second),
    f: () => pad(p.millisecond * 1000, 6),
    p: () => (p.hour < 12 ? "AM" : "PM"),
    b: () => (MONTHS[p.month - 1] ?? "").slice(0, 3),
    B: () => MONTHS[p.month - 1] ?? "",
    a: () => (DAYS[p.weekday] ?? "").slice(0, 3),
    A: () => DAYS[p.weekday] ?? "",
    w: () => String((p.weekday + 1) % 7),
    u: () => String(p.weekday + 1),
    j: () => pad(dayOfYear(p), 3),
    z: () => formatOffset(p.offsetMinutes, false),
    Z: () => p.zoneName,
    F: () => `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    T: () => `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    R: () => `${pad(p.hour)}:${pad(p.minute)}`,
    D: () => `${pad(p.month)}/${pad(p.day)}/${pad(p.year % 100)}`,
    c: () =>
      `${(DAYS[p.weekday] ?? "").slice(0, 3)} ${(MONTHS[p.month - 1] ?? "").slice(0, 3)} ${String(p.day).padStart(2, " ")} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${p.year}`,
    x: () => `${pad(p.month)}/${pad(p.day)}/${pad(p.year % 100)}`,
    X: () => `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    "%": () => "%",
  };
  return format.replace(/%([A-Za-z%])/g, (whole, d: string) => table[d]?.() ?? whole);
}

/** Python's `datetime.isoformat()` in `timeZone` (`timespec="seconds"` unless `micro`). */
export function isoDateTime(date: Date, timeZone: string, micro = false): string {
  const p = zonedParts(date, timeZone);
  const frac = micro && p.millisecond > 0 ? `.${pad(p.millisecond * 1000, 6)}` : "";
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${frac}${formatOffset(p.offsetMinutes, true)}`;
}
