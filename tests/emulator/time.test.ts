import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatUtcIso } from "./time";

const viaDate = (utcMs: number) => new Date(Math.floor(utcMs / 1000) * 1000).toISOString().replace(".000Z", "Z");

describe("formatUtcIso", () => {
  it("prints a GraphQL DateTime: UTC, to the second", () => {
    expect(formatUtcIso(Date.UTC(2011, 11, 9, 12, 50, 0, 999))).toBe("2011-12-09T12:50:00Z");
    expect(formatUtcIso(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe("2024-02-29T23:59:59Z");
    expect(formatUtcIso(-1)).toBe("1969-12-31T23:59:59Z");
  });

  it("prints what Date#toISOString prints, for any instant a Date holds (signed years and NaN included)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc.double({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31), noNaN: true }),
        ),
        (utcMs) => {
          expect(formatUtcIso(utcMs)).toBe(viaDate(utcMs));
        },
      ),
      { numRuns: 20_000 },
    );
    expect(() => formatUtcIso(NaN)).toThrow(RangeError);
  });
});
