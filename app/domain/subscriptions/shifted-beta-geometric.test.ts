import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, sampleBeta } from "../clv/simulate";
import {
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  lifetimesFromSurvivors,
  logChurnProbability,
  observedSurvival,
  projectSurvival,
  retentionRate,
  sbgLogLikelihood,
  survival,
  type CohortLifetimes,
  type SbgParams,
} from "./shifted-beta-geometric";

// Fader & Hardie (2007), "How to project customer retention", Table 1: years 0–7 of two cohorts of 1,000.
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];

describe("the shifted-beta-geometric model", () => {
  it("reproduces the paper's 'high end' fit: α = 0.668, β = 3.806, LL = −1611.2", () => {
    const fit = fitShiftedBetaGeometric(lifetimesFromSurvivors(HIGH_END));
    if (!fit.ok) throw new Error(fit.detail);
    expect(fit.params.alpha).toBeCloseTo(0.668, 3);
    expect(fit.params.beta).toBeCloseTo(3.806, 3);
    expect(fit.logLikelihood).toBeCloseTo(-1611.158, 2);
    expect(fit.diagnostics.gradientMax).toBeLessThan(1e-4);
  });

  it("reproduces the paper's 'regular' fit: α = 0.704, β = 1.182, LL = −1680.3", () => {
    const fit = fitShiftedBetaGeometric(lifetimesFromSurvivors(REGULAR));
    if (!fit.ok) throw new Error(fit.detail);
    expect(fit.params.alpha).toBeCloseTo(0.704, 3);
    expect(fit.params.beta).toBeCloseTo(1.182, 3);
    expect(fit.logLikelihood).toBeCloseTo(-1680.265, 2);
  });

  it("projects the 'regular' cohort's years 8–12 close to what was observed (223, 207, 194, 183, 173)", () => {
    const fit = fitShiftedBetaGeometric(lifetimesFromSurvivors(REGULAR));
    if (!fit.ok) throw new Error(fit.detail);
    const projected = projectSurvival(fit.params, 7, 5).map((s) => s * 1000);
    [223, 207, 194, 183, 173].forEach((observed, i) => expect(Math.abs(projected[i] - observed)).toBeLessThan(5));
  });

  it("has churn probabilities and survival that add up: Σ P(T = t) for t ≤ n plus S(n) is 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (alpha, beta, n) => {
          const params = { alpha, beta };
          let total = survival(params, n);
          for (let t = 1; t <= n; t++) total += Math.exp(logChurnProbability(params, t));
          return Math.abs(total - 1) < 1e-9 && Math.abs(survival(params, n) / survival(params, n - 1) - retentionRate(params, n)) < 1e-9;
        },
      ),
    );
  });

  it("computes DERL as the hypergeometric series and as a plain sum of discounted survival alike", () => {
    const params = { alpha: 0.668, beta: 3.806 };
    for (const n of [1, 3, 8]) {
      let direct = 0;
      for (let k = 0; k < 2000; k++) direct += (survival(params, n + k) / survival(params, n - 1)) * Math.pow(1.1, -k);
      expect(discountedExpectedResidualLifetime(params, n, 0.1)).toBeCloseTo(direct, 9);
    }
    // Undiscounted, it is the expected number of remaining deliveries (β + n − 1)/(α − 1) for α > 1.
    expect(discountedExpectedResidualLifetime({ alpha: 2, beta: 3 }, 1, 0)).toBe(3);
    const slightlyDiscounted = discountedExpectedResidualLifetime({ alpha: 2, beta: 3 }, 1, 0.01);
    expect(slightlyDiscounted).toBeLessThan(3);
    expect(slightlyDiscounted).toBeGreaterThan(discountedExpectedResidualLifetime({ alpha: 2, beta: 3 }, 1, 0.1));
    expect(discountedExpectedResidualLifetime(params, 1, 0)).toBe(Number.POSITIVE_INFINITY);
    // Longer-standing subscribers are more valuable: the less loyal have already left.
    expect(discountedExpectedResidualLifetime(params, 8, 0.1)).toBeGreaterThan(discountedExpectedResidualLifetime(params, 1, 0.1));
  });

  it("counts still-active subscribers as censored, not cancelled", () => {
    const params: SbgParams = { alpha: 1.2, beta: 2.5 };
    const lifetimes: CohortLifetimes = { cancelledAfter: [0, 10, 5], activeAfter: [0, 0, 3, 7] };
    const expected =
      10 * logChurnProbability(params, 1) +
      5 * logChurnProbability(params, 2) +
      3 * Math.log(survival(params, 1)) +
      7 * Math.log(survival(params, 2));
    expect(sbgLogLikelihood(params, lifetimes)).toBeCloseTo(expected, 10);
  });

  it("recovers known α, β from simulated cohorts of 5,000 subscribers observed for 8 periods", () => {
    for (const [truth, seed] of [
      [{ alpha: 0.7, beta: 1.2 }, 1],
      [{ alpha: 2, beta: 6 }, 2],
      [{ alpha: 0.4, beta: 3 }, 3],
    ] as const) {
      const random = createRandom(seed);
      const survivors = new Array<number>(9).fill(0);
      for (let i = 0; i < 5000; i++) {
        const churn = sampleBeta(random, truth.alpha, truth.beta);
        let t = 0;
        survivors[0]++;
        while (t < 8 && random.uniform() >= churn) survivors[++t]++;
      }
      const fit = fitShiftedBetaGeometric(lifetimesFromSurvivors(survivors));
      if (!fit.ok) throw new Error(fit.detail);
      // Within 3 standard errors of the truth, with standard errors that are informative (< 40 %).
      expect(Math.abs(fit.params.alpha - truth.alpha)).toBeLessThan(3 * fit.standardErrors.alpha);
      expect(Math.abs(fit.params.beta - truth.beta)).toBeLessThan(3 * fit.standardErrors.beta);
      expect(fit.standardErrors.alpha / fit.params.alpha).toBeLessThan(0.4);
    }
  });

  it("describes a cohort counted only from its second delivery as observed: β is the whole cohort's β + 1, and the fit follows the observed reach", () => {
    const truth = { alpha: 1, beta: 3 };
    const random = createRandom(7);
    const cancelledAfter = new Array<number>(9).fill(0);
    const activeAfter = new Array<number>(9).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const churn = sampleBeta(random, truth.alpha, truth.beta);
      let t = 1;
      while (t < 8 && random.uniform() >= churn) t++;
      if (t === 8) activeAfter[8]++;
      else cancelledAfter[t]++;
    }
    // Found by their orders: nobody who cancelled after the first delivery is ever seen.
    cancelledAfter[1] = 0;
    const fit = fitShiftedBetaGeometric({ cancelledAfter, activeAfter });
    if (!fit.ok) throw new Error(fit.detail);
    expect(fit.truncatedPeriods).toBe(1);
    // Survivors of one period have θ ~ Beta(α, β + 1).
    expect(Math.abs(fit.params.alpha - truth.alpha)).toBeLessThan(3 * fit.standardErrors.alpha);
    expect(Math.abs(fit.params.beta - (truth.beta + 1))).toBeLessThan(3 * fit.standardErrors.beta);
    // The observed subscribers all reached delivery 2; the share who reached delivery 8 is the fit's too.
    const observed = cancelledAfter.reduce((a, b) => a + b, 0) + activeAfter[8];
    expect(observedSurvival(fit.params, fit.truncatedPeriods, 1)).toBe(1);
    expect(observedSurvival(fit.params, fit.truncatedPeriods, 7)).toBeCloseTo(activeAfter[8] / observed, 2);
  });

  it("fits a cohort counted from its second delivery whose spread of churn could not have started at the first (fitted β below 1)", () => {
    // A demo cohort of 243 subscribers: nobody seen at delivery 1, most still active.
    const lifetimes = { cancelledAfter: [0, 0, 39, 2, 4, 0, 0, 0], activeAfter: [0, 0, 105, 64, 21, 5, 2, 1] };
    const fit = fitShiftedBetaGeometric(lifetimes);
    if (!fit.ok) throw new Error(fit.detail);
    expect(fit.truncatedPeriods).toBe(1);
    expect(fit.params.beta).toBeLessThan(1);
    expect(fit.diagnostics.subscribers).toBe(243);
    // 105 are still active after two deliveries; of the 138 others, 39 left after their second: 28 %.
    expect(1 - observedSurvival(fit.params, 1, 2)).toBeCloseTo(39 / 138, 1);
  });

  it("does not take a first period without cancellations for truncation when every subscriber is counted from the start", () => {
    const counted = lifetimesFromSurvivors([100, 100, 80, 70, 65]);
    expect(counted.truncatedPeriods).toBe(0);
    // Nobody leaving after the first delivery and then a fifth leaving is no sBG cohort: no fit, not a truncated one.
    expect(fitShiftedBetaGeometric(counted)).toMatchObject({ ok: false });
    expect(fitShiftedBetaGeometric({ ...counted, truncatedPeriods: undefined })).toMatchObject({ ok: true, truncatedPeriods: 1 });
  });

  it("refuses a cohort in which nobody cancelled", () => {
    expect(fitShiftedBetaGeometric(lifetimesFromSurvivors([50, 50, 50]))).toMatchObject({ ok: false, reason: "no-cancellations" });
  });
});
