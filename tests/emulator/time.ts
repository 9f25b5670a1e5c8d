// Time-zone arithmetic for the emulated shops (Europe/London, America/New_York, …) with Intl only.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock parts of an instant in a zone. */
export function localParts(timeZone: string, utcMs: number) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC in minutes at an instant (London summer → 60, New York winter → −300). */
export function offsetMinutes(timeZone: string, utcMs: number): number {
  const p = localParts(timeZone, utcMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** The instant at which the local wall clock in `timeZone` shows the given time. */
export function zonedTimeToUtc(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  let utc = guess - offsetMinutes(timeZone, guess) * 60000;
  // A second pass settles instants next to a DST change.
  utc = guess - offsetMinutes(timeZone, utc) * 60000;
  return utc;
}

/** "+01:00" / "-05:00" */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** ISO 8601 in the shop's zone with its offset, as REST payloads print times: 2011-12-09T12:50:00+00:00 */
export function formatLocalIso(timeZone: string, utcMs: number): string {
  const p = localParts(timeZone, utcMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    formatOffset(offsetMinutes(timeZone, utcMs))
  );
}

/** ISO 8601 UTC without milliseconds, as GraphQL DateTime values print: 2011-12-09T12:50:00Z */
export function formatUtcIso(utcMs: number): string {
  return new Date(Math.floor(utcMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Start of the local day (in `timeZone`) that contains the instant. */
export function startOfLocalDay(timeZone: string, utcMs: number): number {
  const p = localParts(timeZone, utcMs);
  return zonedTimeToUtc(timeZone, p.year, p.month, p.day);
}
