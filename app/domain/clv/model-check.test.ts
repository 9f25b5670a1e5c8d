import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BgNbdParams } from "./bg-nbd";
import { areaUnderCurve, checkModels, dormantOnHoldout, type ModelCheck } from "./model-check";
import { type PurchaseModelName, type PurchaseParams, scorePurchases } from "./purchase-model";
import { createRandom, type Random, type SimulatedCustomer, simulateCustomers, simulateParetoCustomers } from "./simulate";
import { purchaseDays, type ClvSummary } from "./summarize-for-clv";

describe("the chosen model on customers dormant at the calibration end (dormantOnHoldout)", () => {
  // Calibration ends on day 140 (20 weeks after day 0), the holdout runs 10 weeks to day 210; dormant =
  // last purchase more than 120 and at most 365 days before day 140. The NBD with r = 1, α = 1 expects
  // (r + x) / (α + T) × 10 purchases in the holdout from a customer with x repeat purchases in T weeks.
  const day = (d: number) => new Date(Date.UTC(1970, 0, 1 + d, 12));
  const history = [
    // dormant (last purchase day 10: 130 days before): x = 1, T = 20 → 2/21 × 10 = 0.952; bought twice after
    { customerId: "a", at: day(0), amount: 40 },
    { customerId: "a", at: day(10), amount: 60 },
    { customerId: "a", at: day(150), amount: 30 },
    { customerId: "a", at: day(160), amount: 20 },
    // dormant (one purchase, 140 days before): x = 0, T = 20 → 1/21 × 10 = 0.476; did not buy
    { customerId: "b", at: day(0), amount: 10 },
    // exactly 121 days before: dormant; x = 0, T = 121/7 → 1/(1 + 121/7) × 10 = 0.547; did not buy
    { customerId: "c", at: day(19), amount: 25 },
    // exactly 120 days before: still active, not counted, although it bought
    { customerId: "d", at: day(20), amount: 99 },
    { customerId: "d", at: day(200), amount: 99 },
    // first bought in the holdout: not a customer at the calibration end
    { customerId: "e", at: day(180), amount: 99 },
  ];
  const params: PurchaseParams = { model: "nbd", r: 1, alpha: 1 };
  const window = { calibrationToDay: 140, holdoutToDay: 210, periodDays: 7 };
  const rule = { afterDays: 120, untilDays: 365 };

  it("counts the 3 dormant customers, the 1 who bought, their 2 purchases and £50, against 1.975 predicted purchases and £66.05", () => {
    const row = dormantOnHoldout(purchaseDays(history, "UTC"), params, window, rule);
    const predicted = [(2 / 21) * 10, (1 / 21) * 10, (1 / (1 + 121 / 7)) * 10];
    expect(row).toMatchObject({ afterDays: 120, untilDays: 365, customers: 3, buyers: 1, actualPurchases: 2, actualSpend: 50 });
    expect(row.predictedPurchases).toBeCloseTo(predicted[0] + predicted[1] + predicted[2], 10);
    expect(row.predictedPurchases).toBeCloseTo(1.975, 3);
    // each one's predicted purchases × their mean spend per purchase day in calibration: 50, 10, 25
    expect(row.predictedSpend).toBeCloseTo(predicted[0] * 50 + predicted[1] * 10 + predicted[2] * 25, 10);
    expect(row.predictedSpend).toBeCloseTo(66.05, 2);
    // 1.975 predicted against 2 made: not an over-prediction
    expect(row.overPredicted).toBe(false);
  });

  it("calls it an over-prediction only when the excess is over 20 % and over twice the noise of the count", () => {
    // r = 10 makes the same customers expect 15.5 purchases against the 2 they made
    const eager = dormantOnHoldout(purchaseDays(history, "UTC"), { model: "nbd", r: 10, alpha: 1 }, window, rule);
    expect(eager.predictedPurchases).toBeCloseTo((11 / 21 + 10 / 21 + 10 / (1 + 121 / 7)) * 10, 10);
    expect(eager.predictedPurchases).toBeCloseTo(15.47, 2);
    expect(eager.overPredicted).toBe(true);
    // 2.5 against 2 is 25 % over but within 2√2 = 2.83 purchases of noise
    const close = dormantOnHoldout(purchaseDays(history, "UTC"), { model: "nbd", r: 1.3, alpha: 1 }, window, rule);
    expect(close.predictedPurchases).toBeGreaterThan(2 * 1.2);
    expect(close.predictedPurchases - 2).toBeLessThan(2 * Math.sqrt(2));
    expect(close.overPredicted).toBe(false);
  });
});

describe("areaUnderCurve", () => {
  it("scores a worked example with a tie between a positive and a negative as one half (5.5 of 6 pairs)", () => {
    // Positives 0.4 and 0.8; negatives 0.1, 0.35, 0.4. Pairs won: 0.4 beats 0.1 and 0.35 and ties 0.4
    // (2.5), 0.8 beats all three (3): 5.5 / (2 × 3).
    expect(areaUnderCurve([0.1, 0.4, 0.35, 0.8, 0.4], [false, true, false, true, false])).toBeCloseTo(5.5 / 6, 12);
  });

  it("is 1 for a perfect ranking, 0 for a reversed one, 1/2 when every score is tied, NaN without both classes", () => {
    expect(areaUnderCurve([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(areaUnderCurve([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(areaUnderCurve([7, 7, 7, 7], [true, false, true, false])).toBe(0.5);
    expect(areaUnderCurve([1, 2], [true, true])).toBeNaN();
  });

  it("equals the share of (positive, negative) pairs the score orders correctly, ties counting one half", () => {
    const scored = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 });
    fc.assert(
      fc.property(scored, (rows) => {
        const positives = rows.filter(([, p]) => p).map(([s]) => s);
        const negatives = rows.filter(([, p]) => !p).map(([s]) => s);
        fc.pre(positives.length > 0 && negatives.length > 0);
        let won = 0;
        for (const p of positives) for (const n of negatives) won += p > n ? 1 : p === n ? 0.5 : 0;
        const auc = areaUnderCurve(
          rows.map(([s]) => s),
          rows.map(([, p]) => p),
        );
        expect(auc).toBeCloseTo(won / (positives.length * negatives.length), 12);
      }),
    );
  });
});

// Model selection on customers simulated from each candidate: calibration ages as CDNOW's (27–39
// weeks), a 39-week holdout, daily resolution (t_x and T in whole days, as summarizeForClv makes them).
const HOLDOUT_WEEKS = 39;
const CUSTOMERS = 6_000;

function ages(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => Math.floor(27 * 7 + random.uniform() * 84) / 7);
}

function asSummaries(customers: SimulatedCustomer[]): ClvSummary[] {
  return customers.map((c, i) => ({
    customerId: String(i),
    x: c.x,
    t_x: c.x > 0 ? Math.min(Math.ceil(c.t_x * 7), Math.round(c.T * 7)) / 7 : 0,
    T: c.T,
    zbar: 0,
    xHoldout: c.xHoldout,
  }));
}

function check(customers: SimulatedCustomer[]): ModelCheck {
  return checkModels({
    summaries: asSummaries(customers),
    periodDays: 7,
    calibrationFromDay: 0,
    calibrationToDay: 39 * 7,
    holdoutToDay: 2 * 39 * 7,
  });
}

/** Mean paired difference of squared holdout errors (chosen − generating) and its standard error. */
function pairedDifference(customers: SimulatedCustomer[], chosen: PurchaseParams, generating: PurchaseParams) {
  const summaries = asSummaries(customers);
  const columns = { x: summaries.map((s) => s.x), t_x: summaries.map((s) => s.t_x), T: summaries.map((s) => s.T) };
  const a = scorePurchases(chosen, columns, HOLDOUT_WEEKS).expected;
  const b = scorePurchases(generating, columns, HOLDOUT_WEEKS).expected;
  const d = customers.map((c, i) => (a[i] - c.xHoldout) ** 2 - (b[i] - c.xHoldout) ** 2);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1);
  return { mean, standardError: Math.sqrt(variance / d.length) };
}

const FHL_BG: BgNbdParams = { model: "bg-nbd", r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const BTYDPLUS_MBG: BgNbdParams = { model: "mbg-nbd", r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
const FH_PARETO = { model: "pareto-nbd" as const, r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const NBD = { model: "nbd" as const, r: 0.8, alpha: 10 };

interface Case {
  truth: PurchaseParams;
  seed: number;
  simulate: (random: Random) => SimulatedCustomer[];
  chosen: PurchaseModelName;
  /** Holdout RMSE of the chosen model and of the generating model's own fit, to 4 decimals. */
  rmse: { chosen: number; generating: number };
  showPAlive: boolean;
}

const CASES: Case[] = [
  // BG/NBD's own P(alive) ranks who buys again worse than chance even on BG/NBD data (AUC 0.40: every
  // one-time buyer is "alive"), so the check prefers MBG/NBD, whose counts are within noise of it.
  {
    truth: FHL_BG,
    seed: 1601,
    simulate: (random) => simulateCustomers(random, FHL_BG, ages(random, CUSTOMERS), { holdout: HOLDOUT_WEEKS }),
    chosen: "mbg-nbd",
    rmse: { chosen: 1.5971, generating: 1.5788 },
    showPAlive: true,
  },
  {
    truth: BTYDPLUS_MBG,
    seed: 1602,
    simulate: (random) => simulateCustomers(random, BTYDPLUS_MBG, ages(random, CUSTOMERS), { holdout: HOLDOUT_WEEKS }),
    chosen: "mbg-nbd",
    rmse: { chosen: 1.4324, generating: 1.4324 },
    showPAlive: true,
  },
  // Pareto/NBD and MBG/NBD both let one-time buyers leave; on this seed MBG/NBD's holdout error is lower.
  {
    truth: FH_PARETO,
    seed: 1603,
    simulate: (random) => simulateParetoCustomers(random, FH_PARETO, ages(random, CUSTOMERS), { holdout: HOLDOUT_WEEKS }),
    chosen: "mbg-nbd",
    rmse: { chosen: 1.472, generating: 1.4725 },
    showPAlive: true,
  },
  // The NBD is Pareto/NBD without dropout: μ ~ Gamma(1, 10¹²) keeps everyone alive for ~10¹² weeks.
  // Its counts are published, its P(alive) (1 by construction) is not.
  {
    truth: NBD,
    seed: 1604,
    simulate: (random) =>
      simulateParetoCustomers(random, { ...NBD, s: 1, beta: 1e12 }, ages(random, CUSTOMERS), { holdout: HOLDOUT_WEEKS }),
    chosen: "nbd",
    rmse: { chosen: 2.4105, generating: 2.4105 },
    showPAlive: false,
  },
];

describe("model selection on 6,000 customers simulated from each candidate (39-week holdout)", () => {
  for (const { truth, seed, simulate, chosen, rmse, showPAlive } of CASES) {
    it(`${truth.model} data (seed ${seed}): chooses ${chosen}, whose holdout error is within noise of ${truth.model}'s`, () => {
      const customers = simulate(createRandom(seed));
      const result = check(customers);
      expect(result.chosen).toBe(chosen);
      expect(result.publish).toBe(true);
      expect(result.showPAlive).toBe(showPAlive);
      const picked = result.candidates.find((c) => c.model === chosen);
      const own = result.candidates.find((c) => c.model === truth.model);
      if (!picked?.ok || !own?.ok) throw new Error("the chosen and the generating model must both be fitted");
      expect(picked.rmse).toBeCloseTo(rmse.chosen, 4);
      expect(own.rmse).toBeCloseTo(rmse.generating, 4);
      // Against the TRUE parameters (not only the generating family's fit): the chosen model's squared
      // holdout errors exceed the truth's by less than two standard errors of the paired difference.
      const { mean, standardError } = pairedDifference(customers, picked.params, truth);
      expect(mean).toBeLessThan(2 * standardError);
    });
  }
});
