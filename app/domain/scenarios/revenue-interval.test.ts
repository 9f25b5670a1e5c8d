import { describe, expect, it } from "vitest";
import { twoSidedZ } from "./normal-distribution";
import { meanDifferenceInterval } from "./revenue-interval";
import { simulateOutcomes, trueRevenuePerEntrant, type SimulatedScenario } from "./simulate-outcomes";

describe("the skewness-corrected interval for a difference of revenue per entrant", () => {
  it("is the normal interval d ± z·se when both groups are symmetric", () => {
    const estimate = meanDifferenceInterval([1, 2, 3, 4, 5], [0, 1, 2]);
    const se = Math.sqrt(2.5 / 5 + 1 / 3);
    expect(estimate.difference).toBe(2);
    expect(estimate.skewness).toBe(0);
    expect(estimate.interval[0]).toBeCloseTo(2 - twoSidedZ(0.95) * se, 12);
    expect(estimate.interval[1]).toBeCloseTo(2 + twoSidedZ(0.95) * se, 12);
  });

  it("reaches further on the side of the holdout's long tail", () => {
    // A holdout whose one buyer spent a lot: the difference is skewed to the left.
    const treated = [0, 0, 0, 10, 12, 0, 0, 11, 0, 9];
    const holdout = [0, 0, 0, 0, 100, 0, 0, 0];
    const { difference, interval, skewness } = meanDifferenceInterval(treated, holdout);
    expect(skewness).toBeLessThan(0);
    expect(difference - interval[0]).toBeGreaterThan(interval[1] - difference);
  });

  it("is a single point when nobody in either group spent anything", () => {
    expect(meanDifferenceInterval([0, 0, 0], [0, 0])).toEqual({ difference: 0, interval: [0, 0], standardError: 0, skewness: 0 });
  });

  it("covers the true uplift of log-normal order values about 95 % of the time with 200 holdout entrants", () => {
    // 2,000 entrants, 10 % holdout, conversion 20 % vs 15 %, order values log-normal with σ = 0.8.
    const scenario: SimulatedScenario = {
      entrants: 2000,
      holdoutShare: 0.1,
      holdoutRate: 0.15,
      treatedRate: 0.2,
      spendLogMedian: 8,
      spendLogSd: 0.8,
    };
    const truth = trueRevenuePerEntrant(0.2, scenario) - trueRevenuePerEntrant(0.15, scenario);
    const runs = 1000;
    let covered = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const outcomes = simulateOutcomes(scenario, seed);
      const treated = outcomes.filter((o) => o.group === "treated").map((o) => o.revenue);
      const holdout = outcomes.filter((o) => o.group === "holdout").map((o) => o.revenue);
      const [lower, upper] = meanDifferenceInterval(treated, holdout).interval;
      if (lower <= truth && truth <= upper) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.925);
    expect(covered / runs).toBeLessThan(0.97);
  });
});
