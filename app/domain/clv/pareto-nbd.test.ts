import { beforeAll, describe, expect, it } from "vitest";
import { CDNOW_CALIBRATION_END, readCdnowTransactions } from "../../../tests/helpers/datasets";
import { collapseObservations } from "./bg-nbd";
import {
  fitParetoNbd,
  logDropoutIntegral,
  paretoExpectedIfAlive,
  paretoNbdLogLikelihood,
  type ParetoNbdParams,
  paretoProbabilityAlive,
} from "./pareto-nbd";
import { createRandom, simulateParetoCustomers } from "./simulate";
import { type ClvSummary, summarizeForClv } from "./summarize-for-clv";

/** Adaptive Simpson quadrature of ∫_{t_x}^{T} (α+τ)^(−m)(β+τ)^(−(s+1)) dτ, scaled by its value at t_x. */
function logIntegralByQuadrature(m: number, alpha: number, s: number, beta: number, t_x: number, T: number): number {
  const logAt = m * Math.log(alpha + t_x) + (s + 1) * Math.log(beta + t_x);
  const f = (tau: number) => Math.exp(logAt - m * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau));
  const simpson = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tolerance: number, depth: number): number => {
    const m1 = (a + b) / 2;
    const left = (a + m1) / 2;
    const right = (m1 + b) / 2;
    const fl = f(left);
    const fr = f(right);
    const l = ((m1 - a) / 6) * (fa + 4 * fl + fm);
    const r = ((b - m1) / 6) * (fm + 4 * fr + fb);
    if (depth > 40 || Math.abs(l + r - whole) <= 15 * tolerance) return l + r + (l + r - whole) / 15;
    return simpson(a, m1, fa, fl, fm, l, tolerance / 2, depth + 1) + simpson(m1, b, fm, fr, fb, r, tolerance / 2, depth + 1);
  };
  const fa = f(t_x);
  const fb = f(T);
  const fm = f((t_x + T) / 2);
  const whole = ((T - t_x) / 6) * (fa + 4 * fm + fb);
  return Math.log(simpson(t_x, T, fa, fm, fb, whole, 1e-13 * whole, 0)) - logAt;
}

describe("the dropout integral of the Pareto/NBD likelihood", () => {
  it("matches adaptive quadrature to 1e-10 over rate scales far apart, large x, and near the no-dropout boundary (s → 0)", () => {
    let worst = 0;
    for (const m of [0.3, 1.5, 5, 30])
      for (const alpha of [0.5, 10, 300])
        for (const s of [1e-6, 1e-4, 0.6, 3])
          for (const beta of [0.1, 11, 1000, 1e5])
            for (const [t_x, T] of [
              [0, 1],
              [0, 39],
              [5, 39],
              [38, 39],
              [0, 78],
              [60, 78],
            ]) {
              const error = Math.abs(logDropoutIntegral(m, alpha, s, beta, t_x, T) - logIntegralByQuadrature(m, alpha, s, beta, t_x, T));
              worst = Math.max(worst, error);
            }
    expect(worst).toBeLessThan(1e-10);
  });

  it("is −∞ when the last purchase is at T (nobody can have left after it)", () => {
    expect(logDropoutIntegral(2, 10, 0.5, 11, 20, 20)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("Pareto/NBD on the CDNOW sample (39-week calibration)", () => {
  let cdnow: ClvSummary[];
  let fit: Extract<ReturnType<typeof fitParetoNbd>, { ok: true }>;
  beforeAll(() => {
    cdnow = summarizeForClv(readCdnowTransactions("sample"), { calibrationEnd: CDNOW_CALIBRATION_END });
    const result = fitParetoNbd(cdnow);
    if (!result.ok) throw new Error(result.detail);
    fit = result;
  });

  it("recovers the published estimates (Fader & Hardie 2005 note: r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0)", () => {
    expect(fit.params.r).toBeCloseTo(0.553, 2);
    expect(fit.params.alpha).toBeCloseTo(10.578, 0);
    expect(fit.params.s).toBeCloseTo(0.606, 2);
    expect(fit.params.beta).toBeCloseTo(11.669, 0);
    expect(fit.logLikelihood).toBeCloseTo(-9595.0, 0);
  });

  it("gives a one-time buyer a P(alive) below 1, falling with the time since the purchase", () => {
    const early = paretoProbabilityAlive(fit.params, { x: 0, t_x: 0, T: 5 });
    const late = paretoProbabilityAlive(fit.params, { x: 0, t_x: 0, T: 39 });
    expect(early).toBeLessThan(1);
    expect(late).toBeLessThan(early);
    expect(paretoProbabilityAlive(fit.params, { x: 3, t_x: 39, T: 39 })).toBe(1);
  });

  it("expects purchases while alive that grow with the horizon and equal the s = 1 limit smoothly", () => {
    const out = new Float64Array(2);
    paretoExpectedIfAlive(fit.params, 2, 30, [10, 39], out);
    expect(out[1]).toBeGreaterThan(out[0]);
    const near = (s: number) => paretoExpectedIfAlive({ ...fit.params, s }, 2, 30, [39], new Float64Array(1))[0];
    expect(near(1)).toBeCloseTo((near(1 - 1e-7) + near(1 + 1e-7)) / 2, 8);
  });
});

describe("Pareto/NBD parameter recovery", () => {
  it("recovers the parameters of 6,000 simulated customers within 25 % (r, α) and 40 % (s, β)", () => {
    const truth: ParetoNbdParams = { model: "pareto-nbd", r: 0.6, alpha: 8, s: 0.8, beta: 15 };
    const random = createRandom(20260406);
    const ages = Array.from({ length: 6000 }, () => 26 + random.uniform() * 26);
    const customers = simulateParetoCustomers(random, truth, ages);
    const fit = fitParetoNbd(customers);
    if (!fit.ok) throw new Error(fit.detail);
    expect(Math.abs(fit.params.r / truth.r - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.params.alpha / truth.alpha - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.params.s / truth.s - 1)).toBeLessThan(0.4);
    expect(Math.abs(fit.params.beta / truth.beta - 1)).toBeLessThan(0.4);
    // The truth lies inside the fit's 95 % intervals for the dropout pair.
    expect(truth.s).toBeGreaterThan(fit.confidenceIntervals95.s[0]);
    expect(truth.s).toBeLessThan(fit.confidenceIntervals95.s[1]);
    // and the likelihood is highest at the estimate, not at the truth.
    const data = collapseObservations(customers);
    expect(paretoNbdLogLikelihood(fit.params, data)).toBeGreaterThanOrEqual(paretoNbdLogLikelihood(truth, data));
  });
});
