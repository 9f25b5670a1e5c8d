import { describe, expect, it } from "vitest";
import { isDailyRefreshDue } from "./daily-schedule";

describe("isDailyRefreshDue", () => {
  it("is due for a shop that was never refreshed", () => {
    expect(isDailyRefreshDue(null, new Date("2026-11-23T10:00:00Z"), "Asia/Tokyo")).toBe(true);
  });

  it("is not due twice on the same local day", () => {
    // 00:30 and 23:30 on 2026-11-23 in Tokyo.
    expect(isDailyRefreshDue(new Date("2026-11-22T15:30:00Z"), new Date("2026-11-23T14:30:00Z"), "Asia/Tokyo")).toBe(false);
  });

  it("is due after midnight in the shop's time zone, even when UTC has not changed day", () => {
    // 23:30 on the 23rd, then 00:30 on the 24th in Tokyo; both are 2026-11-23 in UTC.
    expect(isDailyRefreshDue(new Date("2026-11-23T14:30:00Z"), new Date("2026-11-23T15:30:00Z"), "Asia/Tokyo")).toBe(true);
    expect(isDailyRefreshDue(new Date("2026-11-23T14:30:00Z"), new Date("2026-11-23T15:30:00Z"), "UTC")).toBe(false);
  });
});
