import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  daysBetween,
  endOfLocalDay,
  formatEpochDay,
  isValidTimeZone,
  localDateString,
  localDay,
  parseLocalDate,
  startOfLocalDay,
  zoneCalendar,
} from "./calendar";

const at = (iso: string) => new Date(iso);

describe("local calendar dates", () => {
  it("15:00 UTC on 31 December is already New Year's Day in Tokyo", () => {
    expect(localDateString(at("2024-12-31T15:00:00Z"), "Asia/Tokyo")).toBe("2025-01-01");
    expect(localDateString(at("2024-12-31T14:59:59.999Z"), "Asia/Tokyo")).toBe("2024-12-31");
    expect(localDateString(at("2024-12-31T15:00:00Z"), "UTC")).toBe("2024-12-31");
  });

  it("early UTC morning is still the previous evening in New York", () => {
    expect(localDateString(at("2025-01-02T04:59:59Z"), "America/New_York")).toBe("2025-01-01");
    expect(localDateString(at("2025-01-02T05:00:00Z"), "America/New_York")).toBe("2025-01-02");
    // summer time: UTC-4
    expect(localDateString(at("2025-07-02T03:59:59Z"), "America/New_York")).toBe("2025-07-01");
    expect(localDateString(at("2025-07-02T04:00:00Z"), "America/New_York")).toBe("2025-07-02");
  });

  it("epoch day 0 is 1970-01-01 and 2025-01-01 is epoch day 20089", () => {
    expect(parseLocalDate("1970-01-01")).toBe(0);
    expect(parseLocalDate("2025-01-01")).toBe(20089);
    expect(formatEpochDay(20089)).toBe("2025-01-01");
    expect(localDay(at("2025-01-01T00:00:00Z"), "UTC")).toBe(20089);
  });

  it("rejects dates that do not exist", () => {
    expect(parseLocalDate("2023-02-29")).toBeNull();
    expect(parseLocalDate("2024-02-29")).toBe(parseLocalDate("2024-02-28")! + 1);
    expect(parseLocalDate("2024-13-01")).toBeNull();
    expect(parseLocalDate("2024-1-01")).toBeNull();
    expect(parseLocalDate("20240101")).toBeNull();
  });

  it("knows IANA zones and refuses made-up ones", () => {
    expect(isValidTimeZone("Asia/Tokyo")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(() => zoneCalendar("Mars/Olympus_Mons")).toThrow(/Unknown time zone/);
  });
});

describe("daysBetween counts local calendar days, not 24-hour periods", () => {
  it("23:30 and 00:10 the next local day in Tokyo are one day apart although 40 minutes passed", () => {
    expect(daysBetween(at("2025-03-01T14:30:00Z"), at("2025-03-01T15:10:00Z"), "Asia/Tokyo")).toBe(1);
    expect(daysBetween(at("2025-03-01T14:30:00Z"), at("2025-03-01T15:10:00Z"), "UTC")).toBe(0);
  });

  it("00:05 and 23:55 on the same Tokyo day are zero days apart", () => {
    expect(daysBetween(at("2025-03-01T15:05:00Z"), at("2025-03-02T14:55:00Z"), "Asia/Tokyo")).toBe(0);
  });

  it("noon to noon across the 23-hour spring-forward day in New York is one day", () => {
    // 2024-03-10 02:00 EST -> 03:00 EDT
    const before = at("2024-03-09T17:00:00Z"); // 12:00 EST
    const after = at("2024-03-10T16:00:00Z"); // 12:00 EDT, 23 hours later
    expect(after.getTime() - before.getTime()).toBe(23 * 3_600_000);
    expect(daysBetween(before, after, "America/New_York")).toBe(1);
  });

  it("noon to noon across the 25-hour fall-back day in New York is one day", () => {
    // 2024-11-03 02:00 EDT -> 01:00 EST
    const before = at("2024-11-02T16:00:00Z"); // 12:00 EDT
    const after = at("2024-11-03T17:00:00Z"); // 12:00 EST, 25 hours later
    expect(daysBetween(before, after, "America/New_York")).toBe(1);
  });

  it("a full year in Tokyo is 365 days, and 366 across 29 February 2024", () => {
    expect(daysBetween(at("2022-06-30T20:00:00Z"), at("2023-06-30T20:00:00Z"), "Asia/Tokyo")).toBe(365);
    expect(daysBetween(at("2023-06-30T20:00:00Z"), at("2024-06-30T20:00:00Z"), "Asia/Tokyo")).toBe(366);
  });

  it("is negative when the first instant is on a later local date", () => {
    expect(daysBetween(at("2025-01-10T00:00:00Z"), at("2025-01-01T00:00:00Z"), "UTC")).toBe(-9);
  });
});

describe("start and end of a local day", () => {
  it("a Tokyo day starts at 15:00 UTC the day before", () => {
    expect(startOfLocalDay("2025-01-01", "Asia/Tokyo").toISOString()).toBe("2024-12-31T15:00:00.000Z");
    expect(endOfLocalDay("2025-01-01", "Asia/Tokyo").toISOString()).toBe("2025-01-01T14:59:59.999Z");
  });

  it("a New York day starts at 05:00 UTC in winter and 04:00 UTC in summer", () => {
    expect(startOfLocalDay("2024-03-10", "America/New_York").toISOString()).toBe("2024-03-10T05:00:00.000Z");
    expect(startOfLocalDay("2024-03-11", "America/New_York").toISOString()).toBe("2024-03-11T04:00:00.000Z");
  });

  it("when DST skips midnight (Santiago, 8 Sep 2024) the day starts at 01:00 local", () => {
    // 2024-09-08 00:00 -04 -> 01:00 -03; the first instant of the local day is 04:00Z = 01:00 -03
    expect(startOfLocalDay("2024-09-08", "America/Santiago").toISOString()).toBe("2024-09-08T04:00:00.000Z");
    expect(localDateString(at("2024-09-08T03:59:59.999Z"), "America/Santiago")).toBe("2024-09-07");
  });

  it("finds the half-hour DST change of Lord Howe Island", () => {
    // 2024-10-06 02:00 +10:30 -> 02:30 +11:00 (15:30Z on 5 Oct)
    const calendar = zoneCalendar("Australia/Lord_Howe");
    expect(calendar.offsetAt(Date.parse("2024-10-05T15:29:59.999Z"))).toBe(10.5 * 3_600_000);
    expect(calendar.offsetAt(Date.parse("2024-10-05T15:30:00Z"))).toBe(11 * 3_600_000);
  });

  it("agrees with Intl for any instant in several zones (memoised offsets are exact)", () => {
    const zones = [
      "UTC",
      "Asia/Tokyo",
      "America/New_York",
      "Europe/London",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "America/Santiago",
      "Pacific/Chatham",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse("1990-01-01T00:00:00Z"), max: Date.parse("2035-12-31T00:00:00Z") }),
        (zone, ms) => {
          const expected = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
            ms,
          );
          expect(localDateString(ms, zone)).toBe(expected);
          const day = localDay(ms, zone);
          const start = startOfLocalDay(day, zone).getTime();
          expect(start).toBeLessThanOrEqual(ms);
          expect(localDay(start, zone)).toBe(day);
          expect(localDay(start - 1, zone)).toBe(day - 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
