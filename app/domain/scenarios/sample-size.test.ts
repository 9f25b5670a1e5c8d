import { describe, expect, it } from "vitest";
import { assessSufficiency, entrantsNeeded } from "./sample-size";

describe("entrants needed to detect a conversion uplift", () => {
  it("gives the textbook 686 per group for 10 % vs 15 % with equal groups (α = 0.05, power 0.8)", () => {
    expect(entrantsNeeded({ baselineRate: 0.1, uplift: 0.05, holdoutShare: 0.5 })).toBe(1372);
  });

  it("needs more entrants with a 10 % holdout than with equal groups (5 % → 6 %, worked by hand)", () => {
    // h = ½: p̄ = 0.055, (1.95996·√(0.055·0.945·4) + 0.84162·√(0.05·0.95·2 + 0.06·0.94·2))² / 0.01² = 16,315.2
    // h = 0.1: p̄ = 0.059, (1.95996·√(0.059·0.941·11.111) + 0.84162·√(0.05·0.95/0.1 + 0.06·0.94/0.9))² / 0.01² = 46,505.8
    const balanced = entrantsNeeded({ baselineRate: 0.05, uplift: 0.01, holdoutShare: 0.5 });
    const tenPercent = entrantsNeeded({ baselineRate: 0.05, uplift: 0.01, holdoutShare: 0.1 });
    expect(balanced).toBe(16_316);
    expect(tenPercent).toBe(46_506);
  });

  it("is infinite for an uplift of zero", () => {
    expect(entrantsNeeded({ baselineRate: 0.05, uplift: 0, holdoutShare: 0.1 })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("whether a scenario has enough entrants yet", () => {
  it("uses the holdout's own rate once it has 5 conversions and says how many more entrants are needed", () => {
    const result = assessSufficiency({ treated: { n: 900, conversions: 60 }, holdout: { n: 100, conversions: 5 } }, 0.1);
    expect(result.baselineRate).toBe(0.05);
    expect(result.upliftToDetect).toBeCloseTo(0.01, 12);
    expect(result.entrantsNeeded).toBe(46_506);
    expect(result.moreEntrantsNeeded).toBe(45_506);
    expect(result.enough).toBe(false);
  });

  it("falls back to the pooled rate, then to an assumed 3 %, before the holdout has converted", () => {
    expect(assessSufficiency({ treated: { n: 90, conversions: 9 }, holdout: { n: 10, conversions: 1 } }, 0.1).baselineRate).toBe(0.1);
    expect(assessSufficiency({ treated: { n: 90, conversions: 0 }, holdout: { n: 10, conversions: 0 } }, 0.1).baselineRate).toBe(0.03);
  });

  it("is enough once the entrants reach the number needed", () => {
    const result = assessSufficiency({ treated: { n: 18_000, conversions: 5_400 }, holdout: { n: 2_000, conversions: 500 } }, 0.1);
    expect(result.enough).toBe(true);
    expect(result.moreEntrantsNeeded).toBe(0);
  });
});
