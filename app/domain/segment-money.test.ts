import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { segmentMoney, type SegmentSales } from "./segment-money";
import { LIFECYCLE_STAGES, type LifecycleStage } from "./types";

const byStage = <T>(value: (stage: LifecycleStage) => T) =>
  Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, value(s)])) as Record<LifecycleStage, T>;

describe("money per segment", () => {
  it("gives revenue, orders, average order value and share of revenue with exact numbers", () => {
    const sales: Record<LifecycleStage, SegmentSales> = {
      ...byStage(() => ({ revenue: 0, orders: 0 })),
      vip: { revenue: 30_000, orders: 6 },
      regular: { revenue: 10_000, orders: 4 },
    };
    const money = segmentMoney(
      byStage(() => 10),
      sales,
      byStage((s) => (s === "dormant" ? 12_000 : 0)),
    );
    expect(money.vip).toEqual({
      customers: 10,
      revenue: 30_000,
      orders: 6,
      averageOrderValue: 5_000,
      shareOfRevenue: 0.75,
      predictedValue: 0,
    });
    expect(money.regular).toMatchObject({ averageOrderValue: 2_500, shareOfRevenue: 0.25 });
    expect(money.dormant).toMatchObject({ revenue: 0, orders: 0, averageOrderValue: null, shareOfRevenue: 0, predictedValue: 12_000 });
  });

  it("predicted value is unknown, not zero, when predictions are withheld; a period without revenue has no shares", () => {
    const money = segmentMoney(
      byStage(() => 1),
      byStage(() => ({ revenue: 0, orders: 0 })),
      null,
    );
    expect(LIFECYCLE_STAGES.map((s) => [money[s].predictedValue, money[s].shareOfRevenue])).toEqual(
      LIFECYCLE_STAGES.map(() => [null, null]),
    );
  });

  it("shares of revenue add up to 100 % whenever there is revenue", () => {
    const arbSales = fc.record({ revenue: fc.integer({ min: 0, max: 1_000_000 }), orders: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(fc.tuple(...LIFECYCLE_STAGES.map(() => arbSales)), (rows) => {
        const sales = Object.fromEntries(LIFECYCLE_STAGES.map((s, i) => [s, rows[i]])) as Record<LifecycleStage, SegmentSales>;
        const money = segmentMoney(
          byStage(() => 0),
          sales,
          null,
        );
        const total = rows.reduce((sum, r) => sum + r.revenue, 0);
        const shares = LIFECYCLE_STAGES.reduce((sum, s) => sum + (money[s].shareOfRevenue ?? 0), 0);
        return total === 0 ? shares === 0 : Math.abs(shares - 1) < 1e-9;
      }),
    );
  });
});
