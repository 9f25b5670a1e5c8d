import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BgNbdParams, type BgNbdVariant, expectedPurchases, probabilityAlive } from "./bg-nbd";
import { expectedAverageSpend, type GammaGammaParams } from "./gamma-gamma";
import { type ClvCustomer, customerLifetimeValue, scoreCustomers } from "./lifetime-value";

// FHL (2005) BG/NBD and Fader & Hardie (2013) Gamma-Gamma estimates on CDNOW (weeks).
const FHL: BgNbdParams = { model: "bg-nbd", r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const MBG: BgNbdParams = { model: "mbg-nbd", r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
const SPEND: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const WEEKS_PER_MONTH = 365.25 / 12 / 7;

const arbCustomer: fc.Arbitrary<ClvCustomer> = fc
  .record({
    x: fc.integer({ min: 0, max: 40 }),
    T: fc.double({ min: 0, max: 150, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    zbar: fc.double({ min: 0, max: 500, noNaN: true }),
  })
  .map(({ x, T, share, zbar }) => ({ x, T, t_x: x === 0 ? 0 : share * T, zbar: x === 0 ? 0 : zbar }));

const arbPurchaseModel: fc.Arbitrary<BgNbdParams> = fc.record({
  model: fc.constantFrom<BgNbdVariant>("bg-nbd", "mbg-nbd"),
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
  a: fc.double({ min: 0.05, max: 5, noNaN: true }),
  b: fc.double({ min: 0.05, max: 20, noNaN: true }),
});

const arbSpendModel: fc.Arbitrary<GammaGammaParams> = fc.record({
  p: fc.double({ min: 0.5, max: 20, noNaN: true }),
  q: fc.double({ min: 1.1, max: 20, noNaN: true }),
  gamma: fc.double({ min: 0.5, max: 100, noNaN: true }),
});

const customer1: ClvCustomer = { x: 2, t_x: 30.43, T: 38.86, zbar: 22.35 };

describe("customerLifetimeValue", () => {
  it("without discounting is expected spend × expected purchases over the 12 months", () => {
    const clv = customerLifetimeValue(FHL, SPEND, customer1, { monthlyDiscountRate: 0 });
    const purchases = expectedPurchases(FHL, customer1, 12 * WEEKS_PER_MONTH);
    expect(clv).toBeCloseTo(expectedAverageSpend(SPEND, customer1) * purchases, 10);
  });

  it("discounts each month's expected purchases at the end of that month (lifetimes' convention)", () => {
    const d = 0.01;
    let expected = 0;
    for (let m = 1; m <= 12; m++) {
      const increment =
        expectedPurchases(FHL, customer1, m * WEEKS_PER_MONTH) - expectedPurchases(FHL, customer1, (m - 1) * WEEKS_PER_MONTH);
      expected += (expectedAverageSpend(SPEND, customer1) * increment) / (1 + d) ** m;
    }
    expect(customerLifetimeValue(FHL, SPEND, customer1)).toBeCloseTo(expected, 10);
  });

  it("is non-negative and no larger undiscounted than discounted, for any model and customer", () => {
    fc.assert(
      fc.property(arbPurchaseModel, arbSpendModel, arbCustomer, (purchaseModel, spendModel, c) => {
        const discounted = customerLifetimeValue(purchaseModel, spendModel, c);
        const undiscounted = customerLifetimeValue(purchaseModel, spendModel, c, { monthlyDiscountRate: 0 });
        return discounted >= 0 && undiscounted >= discounted * (1 - 1e-12);
      }),
    );
  });

  it("is larger for a customer who bought recently than for one with the same x who has been silent", () => {
    const recent = customerLifetimeValue(FHL, SPEND, { ...customer1, t_x: 38 });
    const silent = customerLifetimeValue(FHL, SPEND, { ...customer1, t_x: 5 });
    expect(recent).toBeGreaterThan(silent);
  });
});

describe("scoreCustomers", () => {
  it("gives each customer the same P(alive), expected purchases and CLV as the one-customer functions", () => {
    fc.assert(
      fc.property(
        arbPurchaseModel,
        arbSpendModel,
        fc.array(arbCustomer, { minLength: 1, maxLength: 30 }),
        (purchaseModel, spendModel, customers) => {
          const scores = scoreCustomers(
            purchaseModel,
            spendModel,
            {
              x: customers.map((c) => c.x),
              t_x: customers.map((c) => c.t_x),
              T: customers.map((c) => c.T),
              zbar: customers.map((c) => c.zbar),
            },
            { purchaseHorizon: 13 },
          );
          customers.forEach((c, i) => {
            expect(scores.probabilityAlive[i]).toBeCloseTo(probabilityAlive(purchaseModel, c), 12);
            expect(scores.expectedPurchases[i]).toBeCloseTo(expectedPurchases(purchaseModel, c, 13), 10);
            expect(scores.expectedSpend[i]).toBeCloseTo(expectedAverageSpend(spendModel, c), 10);
            expect(scores.clv[i]).toBeCloseTo(customerLifetimeValue(purchaseModel, spendModel, c), 8);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it("scores MBG/NBD customers with MBG/NBD's P(alive) (one-time buyers below 1)", () => {
    const scores = scoreCustomers(MBG, SPEND, { x: [0], t_x: [0], T: [20], zbar: [0] });
    expect(scores.probabilityAlive[0]).toBeLessThan(1);
    expect(scores.probabilityAlive[0]).toBeCloseTo(probabilityAlive(MBG, { x: 0, t_x: 0, T: 20 }), 14);
  });

  it("rejects columns of different lengths and impossible histories", () => {
    expect(() => scoreCustomers(FHL, SPEND, { x: [1, 2], t_x: [1], T: [2, 3], zbar: [1, 1] })).toThrow(RangeError);
    expect(() => scoreCustomers(FHL, SPEND, { x: [1], t_x: [4], T: [3], zbar: [1] })).toThrow(RangeError);
  });
});
