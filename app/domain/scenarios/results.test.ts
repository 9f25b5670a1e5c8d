import { describe, expect, it } from "vitest";
import { defaultSegmentScenario } from "./defaults";
import { summarizeScenarioResults, type EntryOutcomeRecord } from "./results";

const dormant = defaultSegmentScenario("dormant"); // steps on days 0 (product), 7 (15 % code), 30 (product)
const entered = new Date("2026-03-01T00:00:00Z"); // 09:00 in Tokyo: day 0's step is due at once
const asOf = new Date("2026-03-20T00:00:00Z"); // days 0 and 7 are due, day 30 is not

function entrant(holdout: boolean, revenue: number | null, extra: Partial<EntryOutcomeRecord> = {}): EntryOutcomeRecord {
  return {
    holdout,
    enteredAt: entered,
    exitedAt: null,
    converted: revenue !== null,
    revenue: revenue ?? 0,
    discountCost: 0,
    stepsFired: holdout ? [] : [0, 1],
    ...extra,
  };
}

// 10 treated: 3 bought for 4,000 net each with a 15 % code (600 off each); 5 held out: 1 bought for 4,000.
const outcomes = [
  ...Array.from({ length: 3 }, () => entrant(false, 4000, { discountCost: 600 })),
  ...Array.from({ length: 7 }, () => entrant(false, null)),
  entrant(true, 4000),
  ...Array.from({ length: 4 }, () => entrant(true, null)),
];

describe("scenario results", () => {
  const results = summarizeScenarioResults(dormant, outcomes, asOf, "Asia/Tokyo");

  it("counts each group: 30 % vs 20 % conversion, 1,200 vs 800 revenue per entrant, 1,800 of codes", () => {
    expect(results.treated).toEqual({
      entrants: 10,
      conversions: 3,
      conversionRate: 0.3,
      revenue: 12000,
      revenuePerEntrant: 1200,
      discountCost: 1800,
    });
    expect(results.holdout).toEqual({
      entrants: 5,
      conversions: 1,
      conversionRate: 0.2,
      revenue: 4000,
      revenuePerEntrant: 800,
      discountCost: 0,
    });
  });

  it("measures a 10-point conversion uplift and 4,000 incremental revenue after discounts, with intervals", () => {
    const uplift = results.uplift!;
    expect(uplift.conversionUplift).toBeCloseTo(0.1, 12);
    // Newcombe's method 10 by hand: Wilson 3/10 = [0.1078, 0.6032], 1/5 = [0.0362, 0.6245];
    // 0.1 − √(0.1922² + 0.4245²) = −0.3660 and 0.1 + √(0.3032² + 0.1638²) = 0.4446.
    expect(uplift.conversionCi[0]).toBeCloseTo(-0.366, 3);
    expect(uplift.conversionCi[1]).toBeCloseTo(0.4446, 3);
    expect(uplift.revenueUplift).toBeCloseTo(400, 9);
    expect(uplift.incrementalRevenue).toBeCloseTo(4000, 6);
    expect(uplift.discountCost).toBe(1800);
  });

  it("says how many more entrants are needed: 15 are far from enough", () => {
    expect(results.sufficiency!.enough).toBe(false);
    expect(results.sufficiency!.moreEntrantsNeeded).toBe(results.sufficiency!.entrantsNeeded - 15);
    expect(results.sufficiency!.moreEntrantsNeeded).toBeGreaterThan(1000);
  });

  it("reports steps whose due time has passed, for entrants still in the scenario then", () => {
    expect(results.steps.map((s) => [s.stepIndex, s.fired, s.treated.entrants, s.holdout.entrants])).toEqual([
      [0, 10, 10, 5],
      [1, 10, 10, 5],
      [2, 0, 0, 0], // day 30 is not due yet
    ]);
    expect(results.steps[2].uplift).toBeNull();
  });

  it("leaves out of a step the entrants who exited before it was due", () => {
    const exitedDay3 = new Date("2026-03-04T00:00:00Z");
    const withExit = [...outcomes.slice(0, 14), entrant(true, 4000, { exitedAt: exitedDay3 })];
    const steps = summarizeScenarioResults(dormant, withExit, asOf, "Asia/Tokyo").steps;
    expect([steps[0].holdout.entrants, steps[1].holdout.entrants]).toEqual([5, 4]);
  });

  it("shows no uplift until both groups have an entrant, and no sample size without a holdout", () => {
    const treatedOnly = summarizeScenarioResults(dormant, outcomes.slice(0, 10), asOf, "Asia/Tokyo");
    expect(treatedOnly.uplift).toBeNull();
    expect(treatedOnly.sufficiency!.moreEntrantsNeeded).toBeGreaterThan(0);
    expect(summarizeScenarioResults({ ...dormant, holdoutShare: 0 }, outcomes.slice(0, 10), asOf, "Asia/Tokyo").sufficiency).toBeNull();
  });

  it("has nothing to show before the first entrant", () => {
    const empty = summarizeScenarioResults(dormant, [], asOf, "Asia/Tokyo");
    expect(empty.treated).toEqual({
      entrants: 0,
      conversions: 0,
      conversionRate: null,
      revenue: 0,
      revenuePerEntrant: null,
      discountCost: 0,
    });
    expect(empty.uplift).toBeNull();
  });
});
