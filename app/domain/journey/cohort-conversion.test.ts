import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseLocalDate } from "../calendar";
import type { CustomerHistory, OrderFact } from "../types";
import {
  cohortConversion,
  cohortRate,
  convertedWithin,
  f2Conversion,
  firstTwoQualifyingOrders,
  stillOpen,
  windowElapsed,
} from "./cohort-conversion";

const day = (iso: string) => parseLocalDate(iso)!;
let nextId = 1;
const order = (customerId: string, processedAt: string, extra: Partial<OrderFact> = {}): OrderFact => ({
  id: String(nextId++),
  customerId,
  processedAt: new Date(processedAt),
  totalPrice: 100,
  totalRefunded: 0,
  cancelled: false,
  test: false,
  financialStatus: "PAID",
  ...extra,
});
const history = (customerId: string, orders: OrderFact[]): CustomerHistory => ({
  customerId,
  createdAt: orders[0]?.processedAt ?? new Date(0),
  orders,
});

describe("the window's boundaries, in calendar days", () => {
  it("a customer who reached the stage exactly N days before the as-of date is eligible; one day later is still open", () => {
    expect(windowElapsed(day("2025-01-01"), 30, day("2025-01-31"))).toBe(true);
    expect(windowElapsed(day("2025-01-02"), 30, day("2025-01-31"))).toBe(false);
  });

  it("reaching the next stage exactly N days later converts; N + 1 days later does not; the same day does", () => {
    expect(convertedWithin(day("2025-01-01"), day("2025-01-31"), 30)).toBe(true);
    expect(convertedWithin(day("2025-01-01"), day("2025-02-01"), 30)).toBe(false);
    expect(convertedWithin(day("2025-01-01"), day("2025-01-01"), 30)).toBe(true);
    expect(convertedWithin(day("2025-01-01"), null, 30)).toBe(false);
  });
});

describe("F2 conversion", () => {
  const asOfDay = day("2025-12-31");

  it("counts a customer's first and second qualifying orders only, by calendar day in the zone", () => {
    const counts = f2Conversion(
      [
        // first on 1 Dec, second on 31 Dec: 30 days, eligible for 30 (1 Dec = 31 Dec − 30) and converted.
        history("a", [order("a", "2025-12-01T10:00:00Z"), order("a", "2025-12-31T23:00:00Z")]),
        // a cancelled and a test order do not count: first 1 Oct, second 30 Dec (90 days).
        history("b", [
          order("b", "2025-09-01T10:00:00Z", { cancelled: true }),
          order("b", "2025-10-01T10:00:00Z"),
          order("b", "2025-10-02T10:00:00Z", { test: true }),
          order("b", "2025-12-30T10:00:00Z"),
        ]),
        // one order: eligible for 30 and 90, not converted; still open for 365.
        history("c", [order("c", "2025-06-01T10:00:00Z")]),
        // the second order is after the as-of date: ignored, so not converted; first is 11 Nov (eligible for 30 only).
        history("d", [order("d", "2025-11-11T10:00:00Z"), order("d", "2026-01-01T10:00:00Z")]),
        // only cancelled orders: not in any cohort. A first order after the as-of date: neither.
        history("e", [order("e", "2025-01-01T10:00:00Z", { cancelled: true })]),
        history("f", [order("f", "2026-01-02T10:00:00Z")]),
        // 31 Dec 2024 → 31 Dec 2025: 365 days, eligible for 365 (31 Dec 2024 = 31 Dec 2025 − 365) and converted.
        history("g", [order("g", "2024-12-31T10:00:00Z"), order("g", "2025-12-31T10:00:00Z")]),
      ],
      [30, 90, 365],
      { asOfDay, timeZone: "UTC" },
    );
    // 30: a (30 days, converted), b, c, d, g eligible. 90: b (90 days, converted), c, g; a and d still open.
    // 365: g only (365 days, converted).
    expect(counts.get(30)).toEqual({ reached: 5, eligible: 5, converted: 1 });
    expect(counts.get(90)).toEqual({ reached: 5, eligible: 3, converted: 1 });
    expect(counts.get(365)).toEqual({ reached: 5, eligible: 1, converted: 1 });
    expect(stillOpen(counts.get(90)!)).toBe(2);
  });

  it("reads dates in the given zone: 20:00 UTC on 31 Dec is 1 Jan in Tokyo, after the as-of date", () => {
    const customers = [history("a", [order("a", "2025-12-01T01:00:00Z"), order("a", "2025-12-31T20:00:00Z")])];
    expect(f2Conversion(customers, [30], { asOfDay, timeZone: "UTC" }).get(30)).toEqual({ reached: 1, eligible: 1, converted: 1 });
    expect(f2Conversion(customers, [30], { asOfDay, timeZone: "Asia/Tokyo" }).get(30)).toEqual({ reached: 1, eligible: 1, converted: 0 });
  });

  it("orders at the same instant are ordered by id, numerically", () => {
    const at = "2025-05-01T10:00:00Z";
    const pair = firstTwoQualifyingOrders(
      [order("a", at, { id: "10" }), order("a", at, { id: "9" }), order("a", at, { id: "100" })],
      Infinity,
    );
    expect([pair?.first.id, pair?.second?.id]).toEqual(["9", "10"]);
  });
});

describe("cohort conversion, whatever the customers", () => {
  const DAY = 86_400_000;
  const arbCustomer = fc.record({
    firstDay: fc.integer({ min: 0, max: 400 }),
    // later orders: gaps in days after the first; some cancelled
    later: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), cancelled: fc.boolean() }), { maxLength: 4 }),
  });
  const shop = fc.record({
    customers: fc.array(arbCustomer, { maxLength: 40 }),
    asOf: fc.integer({ min: 0, max: 500 }),
    window: fc.integer({ min: 0, max: 400 }),
  });
  const base = Date.UTC(2024, 0, 1);
  const toHistories = (customers: { firstDay: number; later: { gap: number; cancelled: boolean }[] }[]) =>
    customers.map((c, i) =>
      history(String(i), [
        order(String(i), new Date(base + c.firstDay * DAY + 3_600_000).toISOString()),
        ...c.later.map((o) =>
          order(String(i), new Date(base + (c.firstDay + o.gap) * DAY + 7_200_000).toISOString(), { cancelled: o.cancelled }),
        ),
      ]),
    );

  it("never exceeds 100 %, counts each customer once, and leaves open windows out", () => {
    fc.assert(
      fc.property(shop, ({ customers, asOf, window }) => {
        const asOfDay = base / DAY + asOf;
        const count = f2Conversion(toHistories(customers), [window], { asOfDay, timeZone: "UTC" }).get(window)!;
        // An independent reading of the rule on plain day numbers.
        let reached = 0;
        let eligible = 0;
        let converted = 0;
        for (const c of customers) {
          if (c.firstDay > asOf) continue;
          reached += 1;
          if (asOf - c.firstDay < window) continue;
          eligible += 1;
          const gaps = c.later.filter((o) => !o.cancelled).map((o) => o.gap);
          if (gaps.length > 0 && Math.min(...gaps) <= window) converted += 1;
        }
        expect(count).toEqual({ reached, eligible, converted });
        const rate = cohortRate(count);
        return count.converted <= count.eligible && count.eligible <= count.reached && (rate === null || rate <= 1);
      }),
    );
  });

  it("customers whose window is still open change neither count", () => {
    fc.assert(
      fc.property(shop, fc.integer({ min: 0, max: 400 }), ({ customers, asOf, window }, extraGap) => {
        const asOfDay = base / DAY + asOf;
        const before = f2Conversion(toHistories(customers), [window], { asOfDay, timeZone: "UTC" }).get(window)!;
        // A newcomer who first bought less than `window` days before the as-of date.
        const firstDay = asOf - Math.max(0, window - 1);
        if (window === 0 || firstDay < 0) return true;
        const after = f2Conversion(
          toHistories([...customers, { firstDay, later: [{ gap: extraGap % (window + 1), cancelled: false }] }]),
          [window],
          { asOfDay, timeZone: "UTC" },
        ).get(window)!;
        return after.eligible === before.eligible && after.converted === before.converted && after.reached === before.reached + 1;
      }),
    );
  });

  it("a step's cohort from arrivals gives the same counts", () => {
    expect(
      cohortConversion(
        [
          { reachedDay: 10, nextDay: 20 },
          { reachedDay: 10, nextDay: 21 },
          { reachedDay: 11, nextDay: null },
          { reachedDay: 12, nextDay: 12 },
        ],
        10,
        21,
      ),
    ).toEqual({ reached: 4, eligible: 3, converted: 1 });
  });
});
