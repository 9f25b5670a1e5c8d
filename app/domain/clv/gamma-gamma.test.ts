import { beforeAll, describe, expect, it } from "vitest";
import { CDNOW_CALIBRATION_END, readCdnowTransactions } from "../../../tests/helpers/datasets";
import { expectedAverageSpend, fitGammaGamma, type GammaGammaParams, gammaGammaLogLikelihood } from "./gamma-gamma";
import type { FitSuccess } from "./maximum-likelihood";
import { createRandom, sampleGamma } from "./simulate";
import { type ClvSummary, summarizeForClv } from "./summarize-for-clv";

let cdnow: ClvSummary[];
let fit: FitSuccess<GammaGammaParams, "p" | "q" | "gamma">;
beforeAll(() => {
  cdnow = summarizeForClv(readCdnowTransactions("sample"), { calibrationEnd: CDNOW_CALIBRATION_END });
  const result = fitGammaGamma(cdnow);
  if (!result.ok) throw new Error(result.detail);
  fit = result;
});

describe("Gamma-Gamma on the CDNOW sample's 946 repeat buyers", () => {
  // Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", CDNOW calibration period.
  it("reproduces Fader & Hardie's p=6.25 q=3.74 gamma=15.44", () => {
    expect(fit.diagnostics.customers).toBe(946);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.gamma).toBeCloseTo(15.44, 2);
  });

  // Hardie's Gamma-Gamma spreadsheet (brucehardie.com/notes/025), as asserted by lifetimes'
  // test_conditional_expected_average_profit for the sample's first ten customers.
  it("predicts the spreadsheet's expected average spend 24.65, 18.91, 35.17, … for customers 1–10", () => {
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    const byId = new Map(cdnow.map((c) => [c.customerId, c]));
    const predicted = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"].map((id) => expectedAverageSpend(fit.params, byId.get(id)!));
    predicted.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(0.01));
  });

  it("has a log-likelihood at the optimum above that at points 5% away in any parameter", () => {
    const optimum = gammaGammaLogLikelihood(fit.params, cdnow);
    for (const name of ["p", "q", "gamma"] as const) {
      for (const factor of [0.95, 1.05]) {
        expect(gammaGammaLogLikelihood({ ...fit.params, [name]: fit.params[name] * factor }, cdnow)).toBeLessThan(optimum);
      }
    }
  });

  it("shrinks a customer's own mean towards the population mean p·gamma/(q−1), less so the more purchases", () => {
    const population = (fit.params.p * fit.params.gamma) / (fit.params.q - 1);
    expect(expectedAverageSpend(fit.params, { x: 0, zbar: 0 })).toBeCloseTo(population, 10);
    const few = expectedAverageSpend(fit.params, { x: 1, zbar: 100 });
    const many = expectedAverageSpend(fit.params, { x: 20, zbar: 100 });
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
  });
});

describe("Gamma-Gamma on simulated spend", () => {
  function simulateSpend(seed: number, truth: GammaGammaParams, n: number) {
    const random = createRandom(seed);
    return Array.from({ length: n }, () => {
      const x = 1 + Math.floor(random.uniform() * 6);
      const nu = sampleGamma(random, truth.q, truth.gamma);
      let total = 0;
      for (let j = 0; j < x; j++) total += sampleGamma(random, truth.p, nu);
      return { x, zbar: total / x };
    });
  }

  it("recovers p, q, gamma within 3 standard errors from 5,000 simulated repeat buyers (seed 20130101)", () => {
    const truth = { p: 6.25, q: 3.74, gamma: 15.44 };
    const result = fitGammaGamma(simulateSpend(20130101, truth, 5000));
    if (!result.ok) throw new Error(result.detail);
    for (const name of ["p", "q", "gamma"] as const) {
      const z = (result.params[name] - truth[name]) / result.standardErrors[name];
      expect(Math.abs(z), `${name}: ${result.params[name]} vs ${truth[name]}`).toBeLessThan(3);
    }
  });

  it("refuses spend too heavy-tailed for a finite mean (fitted q ≤ 1): infinite-mean-spend (seed 99)", () => {
    const result = fitGammaGamma(simulateSpend(99, { p: 2, q: 0.6, gamma: 5 }, 3000));
    expect(result).toMatchObject({ ok: false, reason: "infinite-mean-spend" });
  });

  it("refuses fewer than 80 repeat buyers, ignoring one-time buyers and zero-spend customers", () => {
    const customers = [
      ...simulateSpend(5, { p: 6, q: 4, gamma: 15 }, 79),
      ...Array.from({ length: 500 }, () => ({ x: 0, zbar: 0 })),
      { x: 3, zbar: 0 },
    ];
    expect(fitGammaGamma(customers)).toMatchObject({
      ok: false,
      reason: "not-enough-repeat-buyers",
      repeatBuyers: 79,
    });
  });
});
