import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyCustomers } from "./lifecycle";
import { LIFECYCLE_RULES } from "./lifecycle-rules";
import { quintileScores, rfGrid, rfmValuesOf, scoreRfm, summarizeRfm } from "./rfm";
import type { CustomerHistory, OrderFact } from "./types";

const AS_OF = new Date("2025-06-30T03:00:00Z"); // 12:00 in Tokyo
const ctx = { asOf: AS_OF, timeZone: "Asia/Tokyo" };
const DAY = 86_400_000;

function history(customerId: string, orders: Array<[daysAgo: number, amount: number, extra?: Partial<OrderFact>]>): CustomerHistory {
  return {
    customerId,
    createdAt: new Date("2020-01-01T00:00:00Z"),
    orders: orders.map(([daysAgo, amount, extra], i) => ({
      id: `${customerId}-${i}`,
      customerId,
      processedAt: new Date(AS_OF.getTime() - daysAgo * DAY),
      totalPrice: amount,
      totalRefunded: 0,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
      ...extra,
    })),
  };
}

describe("quintileScores: 1 + floor(5 × strictly-worse / n)", () => {
  it("splits ten distinct values into five pairs", () => {
    expect([...quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "higher")]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it("gives fewer recency days the better score", () => {
    expect([...quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "lower")]).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it("gives equal values the same score: six one-order buyers all get F=1, two-order buyers F=4", () => {
    expect([...quintileScores([1, 1, 1, 1, 1, 1, 2, 2, 3, 5], "higher")]).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
  });

  it("scores a shop of identical buyers, or of one buyer, 1", () => {
    expect([...quintileScores([7, 7, 7], "higher")]).toEqual([1, 1, 1]);
    expect([...quintileScores([42], "lower")]).toEqual([1]);
    expect([...quintileScores([], "lower")]).toEqual([]);
  });

  it("does not depend on the input order", () => {
    expect([...quintileScores([10, 3, 7, 1], "higher")]).toEqual([4, 2, 3, 1]);
  });

  it("is always 1..5, monotone, and equal for equal values (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom("higher" as const, "lower" as const),
        (values, better) => {
          const scores = quintileScores(values, better);
          for (let i = 0; i < values.length; i++) {
            expect(scores[i]).toBeGreaterThanOrEqual(1);
            expect(scores[i]).toBeLessThanOrEqual(5);
            for (let j = 0; j < values.length; j++) {
              const iBetter = better === "higher" ? values[i]! > values[j]! : values[i]! < values[j]!;
              if (values[i] === values[j]) expect(scores[i]).toBe(scores[j]);
              if (iBetter) expect(scores[i]).toBeGreaterThanOrEqual(scores[j]!);
            }
          }
          // the best value scores 5 whenever 80 % of buyers are strictly worse
          const best = better === "higher" ? Math.max(...values) : Math.min(...values);
          const worse = values.filter((v) => v !== best).length;
          if (worse * 5 >= values.length * 4) expect(scores[values.indexOf(best)]).toBe(5);
        },
      ),
    );
  });
});

describe("summarizeRfm and scoreRfm", () => {
  const shop = [
    history("a", [
      [400, 100],
      [200, 50],
      [3, 25],
    ]),
    history("b", [[30, 1000]]),
    history("c", [
      [10, 80, { totalRefunded: 30, financialStatus: "PARTIALLY_REFUNDED" }],
      [5, 10, { cancelled: true }],
    ]),
    history("d", [[700, 60]]),
    history("prospect", [[2, 99, { test: true }]]),
  ];

  it("measures recency in calendar days, frequency in qualifying orders and monetary net of refunds, buyers only", () => {
    expect(summarizeRfm(shop, ctx)).toEqual([
      { customerId: "a", recencyDays: 3, frequency: 3, monetary: 175 },
      { customerId: "b", recencyDays: 30, frequency: 1, monetary: 1000 },
      { customerId: "c", recencyDays: 10, frequency: 1, monetary: 50 },
      { customerId: "d", recencyDays: 700, frequency: 1, monetary: 60 },
    ]);
  });

  it("agrees with the lifecycle classification it shares its rules with", () => {
    const fromSegments = rfmValuesOf(classifyCustomers(shop, LIFECYCLE_RULES, ctx).values());
    expect(fromSegments).toEqual(summarizeRfm(shop, ctx));
  });

  it("scores four buyers", () => {
    const scores = scoreRfm(summarizeRfm(shop, ctx));
    // a: 3 buyers have more days -> R = 1+floor(5·3/4) = 4; 3 have fewer orders -> F = 4; 175 beats c, d -> M = 3
    // b: only d is older -> R = 2; F = 1; 1000 beats all three -> M = 4
    // c: b and d are older -> R = 3; F = 1; 50 is the lowest -> M = 1
    // d: oldest -> R = 1; F = 1; 60 beats c -> M = 2
    expect(scores.map(({ customerId, r, f, m }) => `${customerId}:${r}${f}${m}`)).toEqual(["a:443", "b:214", "c:311", "d:112"]);
  });

  it("counts buyers in a 5×5 R×F grid", () => {
    const grid = rfGrid(scoreRfm(summarizeRfm(shop, ctx)));
    expect(grid).toEqual([
      [1, 0, 0, 0, 0], // r=1: d (f=1)
      [1, 0, 0, 0, 0], // r=2: b
      [1, 0, 0, 0, 0], // r=3: c
      [0, 0, 0, 1, 0], // r=4: a (f=4)
      [0, 0, 0, 0, 0],
    ]);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });
});
