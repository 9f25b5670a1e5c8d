import { describe, expect, it } from "vitest";
import { newcombeDifferenceInterval } from "./proportion-intervals";
import { measureUplift, UpliftInputError, type EntrantOutcome } from "./uplift";

const entrants = (group: "treated" | "holdout", revenues: number[]): EntrantOutcome[] =>
  revenues.map((revenue) => ({ group, converted: revenue > 0, revenue }));

describe("a scenario's uplift against its holdout", () => {
  it("totals each group and measures uplifts as treated − holdout, per entrant", () => {
    const result = measureUplift([
      ...entrants("treated", [0, 0, 3000, 0, 5000, 0, 0, 0]),
      ...entrants("holdout", [0, 2000, 0, 0]),
      { group: "treated", converted: true, revenue: 4000, discount: 500 },
    ]);
    expect(result.treated).toEqual({ n: 9, conversions: 3, revenue: 12_000, discount: 500 });
    expect(result.holdout).toEqual({ n: 4, conversions: 1, revenue: 2000, discount: 0 });
    expect(result.conversionUplift).toBeCloseTo(3 / 9 - 1 / 4, 15);
    expect(result.conversionCi).toEqual(newcombeDifferenceInterval({ x: 3, n: 9 }, { x: 1, n: 4 }));
    expect(result.revenueUplift).toBeCloseTo(12_000 / 9 - 500, 9);
    // Incremental revenue: (1,333.33 − 500) × 9 treated entrants = 7,500, already net of the 500 discount.
    expect(result.incrementalRevenue).toBeCloseTo(7500, 9);
    expect(result.discountCost).toBe(500);
    expect(result.sufficiency.enough).toBe(false);
  });

  it("rejects an empty group and revenue without a conversion", () => {
    expect(() => measureUplift(entrants("treated", [0, 10]))).toThrow(UpliftInputError);
    expect(() => measureUplift([{ group: "treated", converted: false, revenue: 5 }, ...entrants("holdout", [0])])).toThrow(
      /did not convert/,
    );
  });
});
