import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CDNOW_CALIBRATION_END, readCdnowTransactions } from "../../../tests/helpers/datasets";
import {
  type BgNbdObservation,
  type BgNbdParams,
  type BgNbdVariant,
  bgNbdLogLikelihood,
  collapseObservations,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  fitMbgNbd,
  observedTimeScales,
  probabilityAlive,
} from "./bg-nbd";
import type { FitSuccess } from "./maximum-likelihood";
import { createRandom, simulateCustomers } from "./simulate";
import { type ClvSummary, summarizeForClv } from "./summarize-for-clv";

type BgNbdFit = FitSuccess<BgNbdParams, "r" | "alpha" | "a" | "b">;

function expectOk<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`fit failed: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

const arbParams = (model: BgNbdVariant): fc.Arbitrary<BgNbdParams> =>
  fc.record({
    model: fc.constant(model),
    r: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
    a: fc.double({ min: 0.05, max: 5, noNaN: true }),
    b: fc.double({ min: 0.05, max: 20, noNaN: true }),
  });

/** A valid history: t_x = 0 when x = 0, else 0 ≤ t_x ≤ T. */
const arbHistory: fc.Arbitrary<BgNbdObservation> = fc
  .record({
    x: fc.integer({ min: 0, max: 40 }),
    T: fc.double({ min: 0, max: 150, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ x, T, share }) => ({ x, T, t_x: x === 0 ? 0 : share * T }));

const arbVariant = fc.constantFrom<BgNbdVariant>("bg-nbd", "mbg-nbd");

/** CDNOW-like ages: first purchases spread over 12 weeks, 27 to 39 weeks before calibration end. */
function cdnowLikeAges(random: { uniform(): number }, n: number): number[] {
  return Array.from({ length: n }, () => Math.floor(27 * 7 + random.uniform() * 84) / 7);
}

let cdnow: ClvSummary[];
let bg: BgNbdFit;
let mbg: BgNbdFit;
beforeAll(() => {
  cdnow = summarizeForClv(readCdnowTransactions("sample"), { calibrationEnd: CDNOW_CALIBRATION_END });
  bg = expectOk(fitBgNbd(cdnow));
  mbg = expectOk(fitMbgNbd(cdnow));
});

describe("BG/NBD on the CDNOW sample", () => {
  // Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2), p. 281.
  it("reproduces Fader, Hardie & Lee (2005): r=0.243 alpha=4.414 a=0.793 b=2.426, LL = -9582.4", () => {
    expect(bg.params.r).toBeCloseTo(0.243, 3);
    expect(bg.params.alpha).toBeCloseTo(4.414, 3);
    expect(bg.params.a).toBeCloseTo(0.793, 3);
    expect(bg.params.b).toBeCloseTo(2.426, 3);
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  // FHL (2005) and Hardie's BG/NBD spreadsheet: customer 1 of the sample.
  it("predicts E[Y(39) | x=2, t_x=30.43, T=38.86] ≈ 1.226 (FHL 2005)", () => {
    expect(expectedPurchases(bg.params, { x: 2, t_x: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  // Hardie's BG/NBD spreadsheet, as asserted by lifetimes' test_expectation_returns_same_value_Hardie_excel_sheet.
  it("predicts E[X(t)] for a new customer of 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 at t = 1/7, 1, 3, 31.86, 32, 78 weeks", () => {
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(Math.abs(expectedPurchasesNewCustomer(bg.params, t) - expected[i])).toBeLessThan(1e-3));
  });

  it("reports standard errors and 95% intervals that bracket the estimates", () => {
    for (const name of ["r", "alpha", "a", "b"] as const) {
      const [low, high] = bg.confidenceIntervals95[name];
      expect(bg.standardErrors[name]).toBeGreaterThan(0);
      expect(low).toBeLessThan(bg.params[name]);
      expect(high).toBeGreaterThan(bg.params[name]);
    }
    // The dropout parameters are the least certain: se(a)/a ≈ 0.23 against se(r)/r ≈ 0.05.
    expect(bg.standardErrors.a / bg.params.a).toBeGreaterThan(bg.standardErrors.r / bg.params.r);
  });

  it("has a log-likelihood at the optimum at least that of any nearby parameter vector", () => {
    const data = collapseObservations(cdnow);
    const optimum = bgNbdLogLikelihood(bg.params, data);
    const factor = fc.double({ min: -0.2, max: 0.2, noNaN: true }).map(Math.exp);
    fc.assert(
      fc.property(fc.tuple(factor, factor, factor, factor), ([fr, fa, fA, fb]) => {
        const { r, alpha, a, b } = bg.params;
        const nearby = { model: "bg-nbd" as const, r: r * fr, alpha: alpha * fa, a: a * fA, b: b * fb };
        return bgNbdLogLikelihood(nearby, data) <= optimum + 1e-9;
      }),
    );
  });

  it("sums the same log-likelihood over collapsed (x, t_x, T) groups as customer by customer", () => {
    const grouped = bgNbdLogLikelihood(bg.params, collapseObservations(cdnow));
    const oneByOne = cdnow.reduce((sum, c) => sum + bgNbdLogLikelihood(bg.params, collapseObservations([c])), 0);
    expect(collapseObservations(cdnow).weight.length).toBeLessThan(cdnow.length / 2);
    expect(grouped).toBeCloseTo(oneByOne, 6);
  });
});

describe("the time scales the fits start from", () => {
  it("counts each distinct history once per customer: two who bought twice in 10 weeks and one of 6 weeks, 26/4 = 6.5 weeks a purchase", () => {
    const twice = { x: 2, t_x: 5, T: 10 };
    const scales = observedTimeScales(collapseObservations([twice, { x: 0, t_x: 0, T: 6 }, twice]));
    expect(scales.periodsPerPurchase).toBe(6.5);
    expect(scales.meanT).toBeCloseTo(26 / 3, 12);
  });

  it("takes the whole age as the periods per purchase when no one bought again (ΣT / 1, not a division by zero)", () => {
    const scales = observedTimeScales(
      collapseObservations([
        { x: 0, t_x: 0, T: 4 },
        { x: 0, t_x: 0, T: 8 },
      ]),
    );
    expect(scales).toEqual({ periodsPerPurchase: 12, meanT: 6 });
  });

  it("CDNOW: 2,457 repeat purchases in 77,111 customer-weeks, 31.38 weeks a purchase; 2,357 customers, 32.72 weeks old on average", () => {
    const scales = observedTimeScales(collapseObservations(cdnow));
    expect(scales.periodsPerPurchase).toBeCloseTo(31.3843, 4);
    expect(scales.meanT).toBeCloseTo(32.7159, 4);
  });
});

describe("MBG/NBD on the CDNOW sample", () => {
  // BTYDplus (Platzer) mbgnbd on the same data, as asserted by lifetimes' test_params_out_is_close_to_BTYDplus.
  it("reproduces BTYDplus's MBG/NBD estimates r=0.525 alpha=6.183 a=0.891 b=1.614", () => {
    expect(mbg.params.r).toBeCloseTo(0.525, 3);
    expect(mbg.params.alpha).toBeCloseTo(6.183, 3);
    expect(mbg.params.a).toBeCloseTo(0.891, 3);
    expect(mbg.params.b).toBeCloseTo(1.614, 3);
  });

  it("fits CDNOW about as well as BG/NBD (LL -9582.1 against -9582.4) and agrees on E[Y(39)] for customer 1 within 0.05", () => {
    expect(mbg.logLikelihood).toBeCloseTo(-9582.1, 1);
    expect(Math.abs(expectedPurchases(mbg.params, { x: 2, t_x: 30.43, T: 38.86 }, 39) - 1.226)).toBeLessThan(0.05);
  });

  it("lets a one-time buyer be gone: P(alive | x=0) < 1, unlike BG/NBD", () => {
    const oneTimer = { x: 0, t_x: 0, T: 38.86 };
    expect(probabilityAlive(bg.params, oneTimer)).toBe(1);
    expect(probabilityAlive(mbg.params, oneTimer)).toBeLessThan(1);
  });
});

describe("predictions of the BG/NBD family (properties)", () => {
  it("P(alive) is in [0, 1] for every history and parameter vector", () => {
    fc.assert(
      fc.property(arbVariant.chain(arbParams), arbHistory, (params, history) => {
        const p = probabilityAlive(params, history);
        return p >= 0 && p <= 1;
      }),
    );
  });

  // Under BG/NBD dropout happens only right after a repeat purchase: with x = 0 nobody can have left,
  // and with x > 0 the customer may have left right after the last purchase even if it was just now.
  it("BG/NBD: P(alive) = 1 when x = 0, and 1/(1 + a/(b+x−1)) < 1 when x > 0 and t_x = T", () => {
    fc.assert(
      fc.property(arbParams("bg-nbd"), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 150, noNaN: true }), (params, x, T) => {
        expect(probabilityAlive(params, { x: 0, t_x: 0, T })).toBe(1);
        const justBought = probabilityAlive(params, { x, t_x: T, T });
        expect(justBought).toBeCloseTo(1 / (1 + params.a / (params.b + x - 1)), 12);
        expect(justBought).toBeLessThan(1);
      }),
    );
  });

  it("MBG/NBD: P(alive) = 1/(1 + a/(b+x)) < 1 right after a purchase (t_x = T), for any x", () => {
    fc.assert(
      fc.property(arbParams("mbg-nbd"), fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 150, noNaN: true }), (params, x, T) => {
        const p = probabilityAlive(params, { x, t_x: x === 0 ? 0 : T, T: x === 0 ? 0 : T });
        expect(p).toBeCloseTo(1 / (1 + params.a / (params.b + x)), 12);
      }),
    );
  });

  it("P(alive) does not increase as time passes without a purchase (T grows, x and t_x fixed)", () => {
    fc.assert(
      fc.property(arbVariant.chain(arbParams), arbHistory, fc.double({ min: 0, max: 100, noNaN: true }), (params, h, dT) => {
        return probabilityAlive(params, { ...h, T: h.T + dT }) <= probabilityAlive(params, h) + 1e-15;
      }),
    );
  });

  it("expected purchases are non-negative and non-decreasing in the horizon t", () => {
    fc.assert(
      fc.property(
        arbVariant.chain(arbParams),
        arbHistory,
        // Horizons from a millionth of a week: at subnormal t (7e-323) E[X(t)] keeps a bit or two of precision.
        fc.double({ min: 1e-6, max: 104, noNaN: true }),
        fc.double({ min: 1e-6, max: 104, noNaN: true }),
        (params, h, t1, t2) => {
          const [short, long] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const eShort = expectedPurchases(params, h, short);
          const eLong = expectedPurchases(params, h, long);
          return eShort >= 0 && eLong >= eShort * (1 - 1e-12);
        },
      ),
    );
  });

  it("a customer observed at the moment of the first purchase (x = 0, T = 0) is a new customer: E[Y(t)] = E[X(t)]", () => {
    fc.assert(
      fc.property(arbVariant.chain(arbParams), fc.double({ min: 0, max: 104, noNaN: true }), (params, t) => {
        const conditional = expectedPurchases(params, { x: 0, t_x: 0, T: 0 }, t);
        expect(conditional).toBeCloseTo(expectedPurchasesNewCustomer(params, t), 10);
      }),
    );
  });

  it("rejects an impossible history (t_x > T) with a RangeError", () => {
    expect(() => probabilityAlive(bg.params, { x: 1, t_x: 5, T: 4 })).toThrow(RangeError);
    expect(() => fitBgNbd([{ x: 0, t_x: 1, T: 4 }])).toThrow(RangeError);
  });
});

describe("BG/NBD family on simulated customers", () => {
  const FHL: BgNbdParams = { model: "bg-nbd", r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const BTYDPLUS_MBG: BgNbdParams = { model: "mbg-nbd", r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };

  // With n customers the estimates are asymptotically normal around the truth with the Hessian's
  // standard errors, so each should lie within 3 of them (each check fails by chance with p ≈ 0.003;
  // the seed is fixed, so the test is deterministic).
  for (const [truth, seed] of [
    [FHL, 20050101],
    [BTYDPLUS_MBG, 20070301],
  ] as const) {
    it(`recovers ${truth.model} r, alpha, a, b within 3 standard errors from 10,000 simulated customers (seed ${seed})`, () => {
      const random = createRandom(seed);
      const customers = simulateCustomers(random, truth, cdnowLikeAges(random, 10_000));
      const fit = expectOk(fitBgNbd(customers, { model: truth.model }));
      for (const name of ["r", "alpha", "a", "b"] as const) {
        const z = (fit.params[name] - truth[name]) / fit.standardErrors[name];
        expect(Math.abs(z), `${name}: ${fit.params[name]} vs ${truth[name]} (seed ${seed})`).toBeLessThan(3);
      }
      // Jointly: 2·(LL(fit) − LL(truth)) ~ χ²₄, whose 99.9% quantile is 18.47.
      const atTruth = bgNbdLogLikelihood(truth, collapseObservations(customers));
      expect(2 * (fit.logLikelihood - atTruth)).toBeGreaterThanOrEqual(0);
      expect(2 * (fit.logLikelihood - atTruth)).toBeLessThan(18.47);
    });

    it(`${truth.model}: predicted holdout purchases of 20,000 simulated customers match the simulated ones within 3 standard errors (seed ${
      seed + 1
    })`, () => {
      const random = createRandom(seed + 1);
      const customers = simulateCustomers(random, truth, cdnowLikeAges(random, 20_000), { holdout: 39 });
      const predicted = customers.reduce((sum, c) => sum + expectedPurchases(truth, c, 39), 0);
      const actual = customers.reduce((sum, c) => sum + c.xHoldout, 0);
      // Customers are independent: the sum's standard deviation is √n times the counts' one.
      const mean = actual / customers.length;
      const variance = customers.reduce((s, c) => s + (c.xHoldout - mean) ** 2, 0);
      expect(Math.abs(predicted - actual)).toBeLessThan(3 * Math.sqrt(variance));
    });
  }

  it(`E[X(t)] of a new customer equals the mean purchase count of 200,000 simulated new customers within 3 standard errors (seed 7)`, () => {
    for (const truth of [FHL, BTYDPLUS_MBG]) {
      const random = createRandom(7);
      const customers = simulateCustomers(random, truth, new Float64Array(200_000).fill(52));
      const counts = customers.map((c) => c.x);
      const mean = counts.reduce((s, v) => s + v, 0) / counts.length;
      const sd = Math.sqrt(counts.reduce((s, v) => s + (v - mean) ** 2, 0) / (counts.length - 1));
      expect(Math.abs(expectedPurchasesNewCustomer(truth, 52) - mean)).toBeLessThan((3 * sd) / Math.sqrt(counts.length));
    }
  });
});

describe("fit guards", () => {
  it("refuses to fit fewer than 80 repeat buyers: not-enough-repeat-buyers, not a number", () => {
    const random = createRandom(3);
    const customers = simulateCustomers(
      random,
      { model: "bg-nbd", r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      cdnowLikeAges(random, 150),
    );
    const result = fitBgNbd(customers);
    expect(result).toMatchObject({ ok: false, reason: "not-enough-repeat-buyers", cause: "too-few-repeat-buyers", customers: 150 });
  });

  it("reports did-not-converge, caused by no drop-out, when the likelihood runs off to a boundary (clockwork buyers who never drop out)", () => {
    // Every customer buys exactly once a week until today: no heterogeneity and no dropout to estimate.
    const customers = Array.from({ length: 500 }, (_, i) => {
      const T = 10 + (i % 30);
      return { x: T, t_x: T, T };
    });
    const result = fitBgNbd(customers);
    expect(result).toMatchObject({ ok: false, reason: "did-not-converge", cause: "no-drop-out" });
  });
});
