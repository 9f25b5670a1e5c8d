import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildCohorts, monthIndexOf, monthKeyOf, repeatRateWithin } from "./cohorts";
import type { OrderFact } from "./types";

let seq = 0;
function order(customerId: string | null, processedAt: string, totalPrice = 100, extra: Partial<OrderFact> = {}): OrderFact {
  seq += 1;
  return {
    id: `gid://shopify/Order/${seq}`,
    customerId,
    processedAt: new Date(processedAt),
    totalPrice,
    totalRefunded: 0,
    cancelled: false,
    test: false,
    financialStatus: "PAID",
    ...extra,
  };
}

const TOKYO = { timeZone: "Asia/Tokyo", asOf: new Date("2026-04-15T12:00:00+09:00") };

describe("buildCohorts", () => {
  it("an empty shop has no cohorts and no repeat rate", () => {
    const report = buildCohorts([], TOKYO);
    expect(report).toEqual({ cohorts: [], asOfMonth: "2026-04", maxOffset: 12 });
    expect(repeatRateWithin(report.cohorts, 1)).toEqual({ rate: null, customers: 0, repeaters: 0, cohorts: 0 });
  });

  it("one customer with one order is a cohort of one, retained 100 % in month 0 only", () => {
    const { cohorts } = buildCohorts([order("c1", "2026-02-10T10:00:00+09:00", 4800)], TOKYO);
    expect(cohorts).toEqual([
      {
        month: "2026-02",
        customers: 1,
        observedMonths: 3,
        partialFrom: 2,
        active: [1, 0, 0],
        repeated: [0, 0, 0],
        revenue: [4800, 4800, 4800],
      },
    ]);
  });

  it("places the first order in the shop's month: 31 Jan 23:30 in Tokyo is January, not February in UTC terms", () => {
    const lateJanuaryTokyo = "2026-01-31T23:30:00+09:00"; // 14:30 UTC the same day
    const earlyFebruaryTokyo = "2026-01-31T15:30:00Z"; // 00:30 on 1 Feb in Tokyo
    const { cohorts } = buildCohorts([order("a", lateJanuaryTokyo), order("b", earlyFebruaryTokyo)], TOKYO);
    expect(cohorts.map((c) => [c.month, c.customers])).toEqual([
      ["2026-01", 1],
      ["2026-02", 1],
    ]);
  });

  it("counts retention per month, the second order's month for repeat, and cumulative revenue per cohort", () => {
    const orders = [
      // January cohort: three customers
      order("a", "2026-01-05T10:00:00+09:00", 1000),
      order("a", "2026-01-20T10:00:00+09:00", 500), // second order in month 0
      order("a", "2026-03-02T10:00:00+09:00", 2000),
      order("b", "2026-01-10T10:00:00+09:00", 3000),
      order("b", "2026-02-11T10:00:00+09:00", 1000), // second order in month 1
      order("c", "2026-01-31T10:00:00+09:00", 700),
      // February cohort: one customer, back in April (the month in progress)
      order("d", "2026-02-01T00:00:00+09:00", 900),
      order("d", "2026-04-01T09:00:00+09:00", 100),
    ];
    const { cohorts } = buildCohorts(orders, TOKYO);
    expect(cohorts).toEqual([
      {
        month: "2026-01",
        customers: 3,
        observedMonths: 4,
        partialFrom: 3,
        active: [3, 1, 1, 0],
        repeated: [1, 2, 2, 2],
        revenue: [5200, 6200, 8200, 8200],
      },
      {
        month: "2026-02",
        customers: 1,
        observedMonths: 3,
        partialFrom: 2,
        active: [1, 0, 1],
        repeated: [0, 0, 1],
        revenue: [900, 900, 1000],
      },
    ]);
    // Month 1 has ended for both cohorts (January's is February, February's is March).
    expect(repeatRateWithin(cohorts, 0)).toEqual({ rate: 1 / 4, customers: 4, repeaters: 1, cohorts: 2 });
    expect(repeatRateWithin(cohorts, 1)).toEqual({ rate: 2 / 4, customers: 4, repeaters: 2, cohorts: 2 });
    // Month 2 of February is April, still in progress: only January is pooled.
    expect(repeatRateWithin(cohorts, 2)).toEqual({ rate: 2 / 3, customers: 3, repeaters: 2, cohorts: 1 });
    expect(repeatRateWithin(cohorts, 3)).toEqual({ rate: null, customers: 0, repeaters: 0, cohorts: 0 });
  });

  it("two orders at the same instant are a first and a second order (a tie still repeats)", () => {
    const { cohorts } = buildCohorts([order("a", "2026-03-03T10:00:00Z"), order("a", "2026-03-03T10:00:00Z")], TOKYO);
    expect(cohorts[0]!.repeated).toEqual([1, 1]);
    expect(cohorts[0]!.active).toEqual([1, 0]);
  });

  it("ignores guest, test, cancelled, voided, fully refunded and future orders, and nets partial refunds", () => {
    const orders = [
      order(null, "2026-01-05T10:00:00Z"),
      order("a", "2026-01-05T10:00:00Z", 100, { test: true }),
      order("a", "2026-01-06T10:00:00Z", 100, { cancelled: true }),
      order("a", "2026-01-07T10:00:00Z", 100, { financialStatus: "VOIDED" }),
      order("a", "2026-01-08T10:00:00Z", 100, { totalRefunded: 100 }),
      order("a", "2026-02-08T10:00:00Z", 100, { totalRefunded: 30 }),
      order("a", "2026-05-01T10:00:00Z", 100), // after asOf
    ];
    const { cohorts } = buildCohorts(orders, TOKYO);
    expect(cohorts).toEqual([
      { month: "2026-02", customers: 1, observedMonths: 3, partialFrom: 2, active: [1, 0, 0], repeated: [0, 0, 0], revenue: [70, 70, 70] },
    ]);
  });

  it("stops at maxOffset: later months are not computed", () => {
    const orders = [order("a", "2024-01-10T10:00:00Z"), order("a", "2024-03-10T10:00:00Z"), order("a", "2026-01-10T10:00:00Z")];
    const { cohorts } = buildCohorts(orders, { ...TOKYO, maxOffset: 2 });
    expect(cohorts[0]).toEqual({
      month: "2024-01",
      customers: 1,
      observedMonths: 3,
      partialFrom: 27,
      active: [1, 0, 1],
      repeated: [0, 0, 1],
      revenue: [100, 100, 200],
    });
  });

  it("every customer with a qualifying order is in exactly one cohort, and rates stay within 0..1", () => {
    const arbOrder = fc.record({
      customer: fc.constantFrom("a", "b", "c", "d", "e"),
      day: fc.integer({ min: 0, max: 500 }),
      price: fc.integer({ min: 0, max: 10_000 }),
      cancelled: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbOrder, { maxLength: 40 }), (specs) => {
        const orders = specs.map((s) =>
          order(s.customer, new Date(Date.UTC(2025, 0, 1) + s.day * 86_400_000).toISOString(), s.price, { cancelled: s.cancelled }),
        );
        const buyers = new Set(
          specs.filter((s) => !s.cancelled && Date.UTC(2025, 0, 1) + s.day * 86_400_000 <= TOKYO.asOf.getTime()).map((s) => s.customer),
        );
        const { cohorts } = buildCohorts(orders, TOKYO);
        expect(cohorts.reduce((sum, c) => sum + c.customers, 0)).toBe(buyers.size);
        for (const cohort of cohorts) {
          expect(cohort.active[0]).toBe(cohort.customers);
          for (let k = 1; k < cohort.observedMonths; k++) {
            expect(cohort.repeated[k]).toBeGreaterThanOrEqual(cohort.repeated[k - 1]!);
            expect(cohort.revenue[k]).toBeGreaterThanOrEqual(cohort.revenue[k - 1]!);
          }
        }
        for (let k = 0; k <= 12; k++) {
          const { rate } = repeatRateWithin(cohorts, k);
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        }
      }),
    );
  });
});

describe("month keys", () => {
  it("round-trip and reject nonsense", () => {
    expect(monthKeyOf(monthIndexOf("2026-12"))).toBe("2026-12");
    expect(monthIndexOf("2026-01") - monthIndexOf("2025-12")).toBe(1);
    expect(() => monthIndexOf("2026-13")).toThrow(RangeError);
  });
});
