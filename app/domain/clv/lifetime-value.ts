// Predicted customer value from a purchase model (BG/NBD, MBG/NBD or Pareto/NBD) and the Gamma-Gamma spend model.
//
// Discounting follows lifetimes' customer_lifetime_value: the horizon is cut into months and each
// month's expected purchases are discounted at the END of that month,
//   CLV = Σ_{m=1}^{months} spend · (E[Y(m·w)] − E[Y((m−1)·w)]) / (1 + d)^m,
// with w = one month in model periods (365.25/12 days ÷ periodDays), d the monthly discount rate,
// E[Y(t)] the conditional expected purchases (bg-nbd.ts) and spend the Gamma-Gamma expected average
// spend. It is expected REVENUE over the horizon in the shop's currency; apply a margin downstream if
// profit is wanted.

import type { BgNbdObservation } from "./bg-nbd";
import { expectedAverageSpend, type GammaGammaParams } from "./gamma-gamma";
import { expectedIfAliveOf, logOddsGoneOf, type PurchaseParams } from "./purchase-model";
import { logisticOfNegative } from "./special-functions";

export interface LifetimeValueOptions {
  /** Horizon in months (default 12). */
  months?: number;
  /** Discount rate per month (default 0.01, lifetimes' default; ≈ 12.7% a year). */
  monthlyDiscountRate?: number;
  /** Days per model period; must match summarizeForClv's (default 7: weeks). */
  periodDays?: number;
  /** Horizon of `expectedPurchases` in batch scoring, in periods (default: the CLV horizon). */
  purchaseHorizon?: number;
}

export interface ClvCustomer extends BgNbdObservation {
  /** Mean repeat spend (0 when x = 0). */
  zbar: number;
}

const DAYS_PER_MONTH = 365.25 / 12;

function resolve(options: LifetimeValueOptions) {
  const { months = 12, monthlyDiscountRate = 0.01, periodDays = 7 } = options;
  if (!(Number.isInteger(months) && months >= 1 && monthlyDiscountRate > -1 && periodDays > 0)) {
    throw new RangeError("Need whole months ≥ 1, monthlyDiscountRate > −1 and periodDays > 0.");
  }
  const periodsPerMonth = DAYS_PER_MONTH / periodDays;
  const purchaseHorizon = options.purchaseHorizon ?? months * periodsPerMonth;
  // Horizons: the end of each month, then the purchase horizon.
  const horizons = new Float64Array(months + 1);
  const discount = new Float64Array(months);
  for (let m = 1; m <= months; m++) {
    horizons[m - 1] = m * periodsPerMonth;
    discount[m - 1] = Math.pow(1 + monthlyDiscountRate, -m);
  }
  horizons[months] = purchaseHorizon;
  return { months, horizons, discount };
}

/** Σ_m (E_m − E_{m−1})·discount_m over per-month cumulative expectations. */
function discountedSum(cumulative: Float64Array, discount: Float64Array, months: number): number {
  let value = 0;
  let previous = 0;
  for (let m = 0; m < months; m++) {
    value += (cumulative[m] - previous) * discount[m];
    previous = cumulative[m];
  }
  return value;
}

/** Discounted expected revenue over the horizon for one customer (see the file comment). */
export function customerLifetimeValue(
  purchaseModel: PurchaseParams,
  spendModel: GammaGammaParams,
  customer: ClvCustomer,
  options: LifetimeValueOptions = {},
): number {
  const { months, horizons, discount } = resolve(options);
  const { x, t_x, T } = customer;
  const cumulative = expectedIfAliveOf(purchaseModel, x, T, horizons, new Float64Array(horizons.length));
  return (
    expectedAverageSpend(spendModel, customer) *
    logisticOfNegative(logOddsGoneOf(purchaseModel, x, t_x, T)) *
    discountedSum(cumulative, discount, months)
  );
}

/** Customers as columns (typed arrays or plain arrays of equal length). */
export interface ClvColumns {
  x: ArrayLike<number>;
  t_x: ArrayLike<number>;
  T: ArrayLike<number>;
  zbar: ArrayLike<number>;
}

export interface CustomerScores {
  probabilityAlive: Float64Array;
  /** Expected repeat purchases within options.purchaseHorizon (default: the CLV horizon). */
  expectedPurchases: Float64Array;
  /** Gamma-Gamma expected spend per future purchase. */
  expectedSpend: Float64Array;
  /** Discounted expected revenue over the CLV horizon. */
  clv: Float64Array;
}

/**
 * P(alive), expected purchases, expected spend and CLV for many customers in one tight loop.
 * E[purchases | alive] depends on the history only through (x, T) — t_x enters only P(alive) — so the
 * hypergeometric series is evaluated once per distinct (x, T); with T in whole days that is a few
 * thousand pairs even for millions of customers.
 */
export function scoreCustomers(
  purchaseModel: PurchaseParams,
  spendModel: GammaGammaParams,
  customers: ClvColumns,
  options: LifetimeValueOptions = {},
): CustomerScores {
  const { months, horizons, discount } = resolve(options);
  const size = customers.x.length;
  if (customers.t_x.length !== size || customers.T.length !== size || customers.zbar.length !== size) {
    throw new RangeError("scoreCustomers: x, t_x, T and zbar must have the same length.");
  }
  const scores: CustomerScores = {
    probabilityAlive: new Float64Array(size),
    expectedPurchases: new Float64Array(size),
    expectedSpend: new Float64Array(size),
    clv: new Float64Array(size),
  };
  const tIndex = new Map<number, number>();
  const pairSlot = new Map<number, number>();
  const ifAliveHorizon: number[] = [];
  const ifAliveDiscounted: number[] = [];
  const cumulative = new Float64Array(horizons.length);
  const X_LIMIT = 4_194_304; // 2²²: x stays below it, so tIndex·2²² + x is an exact integer key

  for (let i = 0; i < size; i++) {
    const x = customers.x[i];
    const t_x = customers.t_x[i];
    const T = customers.T[i];
    const zbar = customers.zbar[i];
    if (!(Number.isInteger(x) && x >= 0 && x < X_LIMIT && t_x >= 0 && t_x <= T && (x > 0 || t_x === 0))) {
      throw new RangeError(`Invalid customer at index ${i}: x=${x}, t_x=${t_x}, T=${T}.`);
    }
    let ti = tIndex.get(T);
    if (ti === undefined) {
      ti = tIndex.size;
      tIndex.set(T, ti);
    }
    const key = ti * X_LIMIT + x;
    let slot = pairSlot.get(key);
    if (slot === undefined) {
      slot = ifAliveHorizon.length;
      pairSlot.set(key, slot);
      expectedIfAliveOf(purchaseModel, x, T, horizons, cumulative);
      ifAliveHorizon.push(cumulative[months]);
      ifAliveDiscounted.push(discountedSum(cumulative, discount, months));
    }
    const pAlive = logisticOfNegative(logOddsGoneOf(purchaseModel, x, t_x, T));
    const spend = expectedAverageSpend(spendModel, { x, zbar });
    scores.probabilityAlive[i] = pAlive;
    scores.expectedPurchases[i] = pAlive * ifAliveHorizon[slot];
    scores.expectedSpend[i] = spend;
    scores.clv[i] = spend * pAlive * ifAliveDiscounted[slot];
  }
  return scores;
}
