// Calendar days in a shop's time zone.
//
// The lifecycle rules count CALENDAR days in the shop's IANA time zone (docs/domain.md §2): an order placed
// at 23:30 in Tokyo on 1 March and "now" at 00:10 on 2 March are one day apart, although only 40 minutes
// passed; a DST day of 23 or 25 hours is still one day.
//
// A local calendar day is represented as an *epoch day*: the number of days from 1970-01-01 to that
// local date (1970-01-01 = 0, 2025-01-01 = 20089). Epoch days are plain integers, so "days between"
// is a subtraction.
//
// Performance: Intl.DateTimeFormat#formatToParts costs ~7 µs, far too slow to call for a million
// orders. We therefore memoise the zone's UTC offset per UTC day (one Intl call at each end of the day);
// when the two ends differ, the transition instant inside that day is found by binary search. This
// assumes a zone changes its offset at most once per 24 hours, which holds for every zone in the tz
// database since 1900. The memo is an invisible cache: results depend only on the arguments.

export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a local calendar date. */
export type EpochDay = number;

/** An instant, as a Date or as milliseconds since the Unix epoch. */
export type Instant = Date | number;

export interface ZoneCalendar {
  readonly timeZone: string;
  /** The local calendar day of an instant in this zone. */
  localDay(instant: Instant): EpochDay;
  /**
   * The first instant (ms since the epoch) whose local day is `day`. Usually local midnight; on days
   * where midnight is skipped by a DST change (e.g. America/Santiago) it is the first existing minute.
   */
  startOfLocalDay(day: EpochDay): number;
  /** The UTC offset in milliseconds at an instant (local wall clock minus UTC). */
  offsetAt(instant: Instant): number;
}

interface DayOffsets {
  /** offset from the start of the UTC day up to (not including) `transitionAt` */
  before: number;
  /** ms of the offset change inside this UTC day, or Infinity when there is none */
  transitionAt: number;
  after: number;
}

const calendars = new Map<string, ZoneCalendar>();

/** Whether `timeZone` is an IANA time zone name this runtime knows (e.g. "Asia/Tokyo", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The (memoised) calendar of an IANA time zone. Throws a RangeError for an unknown zone. */
export function zoneCalendar(timeZone: string): ZoneCalendar {
  const cached = calendars.get(timeZone);
  if (cached) return cached;
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`Unknown time zone "${timeZone}"; expected an IANA name such as "Asia/Tokyo".`);
  }
  const calendar = createZoneCalendar(timeZone);
  calendars.set(timeZone, calendar);
  return calendar;
}

function toMs(instant: Instant): number {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid instant (NaN date).");
  return ms;
}

function createZoneCalendar(timeZone: string): ZoneCalendar {
  const formatter = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const isUtc = formatter.resolvedOptions().timeZone === "UTC";

  // Exact offset at an instant, straight from ICU (slow path).
  const exactOffset = (ms: number): number => {
    if (isUtc) return 0;
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of formatter.formatToParts(ms)) {
      switch (part.type) {
        case "year":
          year = Number(part.value);
          break;
        case "month":
          month = Number(part.value);
          break;
        case "day":
          day = Number(part.value);
          break;
        case "hour":
          hour = Number(part.value);
          break;
        case "minute":
          minute = Number(part.value);
          break;
        case "second":
          second = Number(part.value);
          break;
      }
    }
    const wall = new Date(0);
    wall.setUTCFullYear(year, month - 1, day); // setUTCFullYear avoids Date.UTC's 0..99 => 19xx mapping
    wall.setUTCHours(hour, minute, second, 0);
    const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
    return wall.getTime() - wholeSecond;
  };

  const byUtcDay = new Map<number, DayOffsets>();
  let lastUtcDay = Number.NaN;
  let lastOffsets: DayOffsets = { before: 0, transitionAt: Infinity, after: 0 };

  const offsetsOfUtcDay = (utcDay: number): DayOffsets => {
    if (utcDay === lastUtcDay) return lastOffsets;
    let offsets = byUtcDay.get(utcDay);
    if (!offsets) {
      const start = utcDay * MS_PER_DAY;
      const end = start + MS_PER_DAY - 1;
      const before = exactOffset(start);
      const after = exactOffset(end);
      let transitionAt = Infinity;
      if (before !== after) {
        // smallest instant in (start, end] whose offset is `after`
        let lo = start;
        let hi = end;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (exactOffset(mid) === before) lo = mid;
          else hi = mid;
        }
        transitionAt = hi;
      }
      offsets = { before, transitionAt, after };
      byUtcDay.set(utcDay, offsets);
    }
    lastUtcDay = utcDay;
    lastOffsets = offsets;
    return offsets;
  };

  const offsetAtMs = (ms: number): number => {
    if (isUtc) return 0;
    const offsets = offsetsOfUtcDay(Math.floor(ms / MS_PER_DAY));
    return ms >= offsets.transitionAt ? offsets.after : offsets.before;
  };

  const localDayMs = (ms: number): EpochDay => Math.floor((ms + offsetAtMs(ms)) / MS_PER_DAY);

  return {
    timeZone,
    offsetAt: (instant) => offsetAtMs(toMs(instant)),
    localDay: (instant) => localDayMs(toMs(instant)),
    startOfLocalDay(day) {
      if (!Number.isInteger(day)) throw new RangeError(`Epoch day must be an integer, got ${day}.`);
      if (isUtc) return day * MS_PER_DAY;
      // Offsets lie within ±14 h, so local day `day` starts somewhere in this 30 h range.
      let lo = day * MS_PER_DAY - 15 * 3_600_000; // local day here is day - 1
      let hi = day * MS_PER_DAY + 15 * 3_600_000; // local day here is >= day
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (localDayMs(mid) >= day) hi = mid;
        else lo = mid;
      }
      return hi;
    },
  };
}

/** The local calendar day (epoch day) of an instant in a time zone. */
export function localDay(instant: Instant, timeZone: string): EpochDay {
  return zoneCalendar(timeZone).localDay(instant);
}

/** The local date "YYYY-MM-DD" of an instant in a time zone. */
export function localDateString(instant: Instant, timeZone: string): string {
  return formatEpochDay(localDay(instant, timeZone));
}

/**
 * Calendar days from `from` to `to` in the shop's zone: the difference of their local dates. Positive
 * when `to` is on a later local date, 0 on the same local date, whatever the hours in between.
 */
export function daysBetween(from: Instant, to: Instant, timeZone: string): number {
  const calendar = zoneCalendar(timeZone);
  return calendar.localDay(to) - calendar.localDay(from);
}

/** The first instant of a local date ("YYYY-MM-DD" or epoch day) in a time zone. */
export function startOfLocalDay(date: string | EpochDay, timeZone: string): Date {
  const day = typeof date === "number" ? date : parseLocalDate(date);
  if (day === null) throw new RangeError(`Invalid date "${String(date)}"; expected YYYY-MM-DD.`);
  return new Date(zoneCalendar(timeZone).startOfLocalDay(day));
}

/** The last millisecond of a local date in a time zone (useful as an "as of the end of that day"). */
export function endOfLocalDay(date: string | EpochDay, timeZone: string): Date {
  const day = typeof date === "number" ? date : parseLocalDate(date);
  if (day === null) throw new RangeError(`Invalid date "${String(date)}"; expected YYYY-MM-DD.`);
  return new Date(zoneCalendar(timeZone).startOfLocalDay(day + 1) - 1);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" -> epoch day, or null when it is not a real calendar date (e.g. 2023-02-29). */
export function parseLocalDate(text: string): EpochDay | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** epoch day -> "YYYY-MM-DD" (years 0000..9999). */
export function formatEpochDay(day: EpochDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
