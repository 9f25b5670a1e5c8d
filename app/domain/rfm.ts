// RFM for segmentation (docs/domain.md §3): Recency, Frequency, Monetary per buyer, each scored 1–5 by
// quintile among the shop's buyers, and the R×F grid.
//
// Names: this is RFM-for-segmentation. It is NOT the BG/NBD input (frequency = repeat purchases x,
// recency = t_x, T = customer age, in weeks; Fader, Hardie & Lee 2005), which lives under clv/ with
// different names on purpose.
// - recencyDays: calendar days in the shop zone from the last qualifying order to asOf (fewer is better)
// - frequency:   number of qualifying orders (all of them, first included; several orders on one day count
//                separately)
// - monetary:    net spend of those orders (net of refunds), shop currency
// The qualifying rule and the calendar are the lifecycle ones (lifecycle.ts), so the two views agree.
//
// Scores (deterministic, tie-safe): among the n buyers (customers with >= 1 qualifying order),
//   score = 1 + floor(5 × worse / n)
// where `worse` = number of buyers with a STRICTLY worse value (for recency: strictly more days). Equal
// values therefore always get the same score; the best value gets 5 only when at least 4/5 of buyers are
// strictly worse, so a heavily tied value (e.g. the 60 % of buyers with exactly one order) lands at the
// score its lowest member deserves (F = 1), and a shop with a single buyer scores 1-1-1. No randomness,
// no dependence on input order.

import { summarizeCustomers, type ClassificationContext, type CustomerSummary } from "./lifecycle";
import { LIFECYCLE_RULES } from "./lifecycle-rules";
import type { CustomerHistory } from "./types";

export type RfmScoreValue = 1 | 2 | 3 | 4 | 5;

export interface RfmValues {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export interface RfmScore extends RfmValues {
  r: RfmScoreValue;
  f: RfmScoreValue;
  m: RfmScoreValue;
}

/** The RFM values of the buyers among already-computed summaries/segmentations (prospects are left out). */
export function rfmValuesOf(summaries: Iterable<CustomerSummary>): RfmValues[] {
  const values: RfmValues[] = [];
  for (const s of summaries) {
    if (s.orders === 0 || s.daysSinceLastOrder === null) continue;
    values.push({ customerId: s.customerId, recencyDays: s.daysSinceLastOrder, frequency: s.orders, monetary: s.netSpent });
  }
  return values;
}

/** RFM values of every buyer of the shop as of ctx.asOf (customers without a qualifying order are left out). */
export function summarizeRfm(histories: Iterable<CustomerHistory>, ctx: ClassificationContext): RfmValues[] {
  return rfmValuesOf(summarizeCustomers(histories, LIFECYCLE_RULES, ctx));
}

/**
 * Quintile scores 1..5 of `values` by the rule in the header: 1 + floor(5 × strictlyWorse / n).
 * `better` says which direction is good ("higher" for frequency and money, "lower" for recency days).
 */
export function quintileScores(values: ArrayLike<number>, better: "higher" | "lower"): Uint8Array {
  const n = values.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new RangeError(`RFM value at index ${i} is NaN.`);
    sorted[i] = v;
  }
  sorted.sort();
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const worse = better === "higher" ? lowerBound(sorted, v) : n - upperBound(sorted, v);
    scores[i] = 1 + Math.floor((5 * worse) / n);
  }
  return scores;
}

/** index of the first element >= v */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** index of the first element > v */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** R, F and M scores of every buyer, in the order given. */
export function scoreRfm(values: readonly RfmValues[]): RfmScore[] {
  const r = quintileScores(
    values.map((v) => v.recencyDays),
    "lower",
  );
  const f = quintileScores(
    values.map((v) => v.frequency),
    "higher",
  );
  const m = quintileScores(
    values.map((v) => v.monetary),
    "higher",
  );
  return values.map((v, i) => ({
    ...v,
    r: r[i] as RfmScoreValue,
    f: f[i] as RfmScoreValue,
    m: m[i] as RfmScoreValue,
  }));
}

/** 5×5 counts of buyers by score: grid[r - 1][f - 1]. */
export function rfGrid(scores: Iterable<Pick<RfmScore, "r" | "f">>): number[][] {
  const grid = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const { r, f } of scores) grid[r - 1]![f - 1]! += 1;
  return grid;
}
