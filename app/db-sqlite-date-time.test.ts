import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSqliteDateTime } from "./db-sqlite-date-time";

describe("the write worker's dates", () => {
  it("are Prisma's SQLite DateTime text of the same instant as toISOString, on any day of any year", () => {
    const sqliteDateTime = createSqliteDateTime();
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const date = new Date(ms);
        expect(sqliteDateTime(date)).toBe(date.toISOString().replace("Z", "+00:00"));
      }),
      { numRuns: 5_000 },
    );
  });

  it("reuse a day's part without mixing up the times within it", () => {
    const sqliteDateTime = createSqliteDateTime();
    expect(sqliteDateTime(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05.678+00:00");
    expect(sqliteDateTime(new Date("2026-01-02T23:59:59.999Z"))).toBe("2026-01-02T23:59:59.999+00:00");
    expect(sqliteDateTime(new Date("1969-12-31T23:59:59.999Z"))).toBe("1969-12-31T23:59:59.999+00:00");
  });

  it("refuse an invalid date, as toISOString does", () => {
    expect(() => createSqliteDateTime()(new Date(Number.NaN))).toThrow(RangeError);
  });
});
