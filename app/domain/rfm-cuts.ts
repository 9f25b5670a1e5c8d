// The R/F/M quintile scores of rfm-distribution.ts kept as four cut values per dimension instead of
// the shop's every value, so a page can score customers without reading the whole shop.
//
// Score = 1 + floor(5 × worse / n) (rfm-distribution.ts). For "higher is better", worse(v) = #values < v,
// and score(v) > s  ⇔  worse(v) >= k_s = ceil(s × n / 5)  ⇔  sorted[k_s − 1] < v. So with the cuts
// c_s = sorted[k_s − 1] (s = 1..4), score(v) = 1 + #{s : c_s < v}. For "lower is better" (recency),
// worse(v) = #values > v and the cuts are sorted[n − k_s]: score(v) = 1 + #{s : cut_s > v}. Exact for any v.

import type { RfmScoreValue } from "./rfm";
import type { RfmDistribution, RfmInput } from "./rfm-distribution";

export interface RfmCuts {
  /** buyers the cuts were taken from */
  buyers: number;
  recency: number[];
  frequency: number[];
  monetary: number[];
}

const SCORES = [1, 2, 3, 4] as const;

function higherBetterCuts(sorted: Float64Array): number[] {
  const n = sorted.length;
  return SCORES.map((s) => sorted[Math.ceil((s * n) / 5) - 1]!);
}

function lowerBetterCuts(sorted: Float64Array): number[] {
  const n = sorted.length;
  return SCORES.map((s) => sorted[n - Math.ceil((s * n) / 5)]!);
}

export function rfmCutsOf(distribution: RfmDistribution): RfmCuts {
  if (distribution.frequency.length === 0) throw new RangeError("Cannot cut an empty distribution.");
  return {
    buyers: distribution.frequency.length,
    recency: lowerBetterCuts(distribution.recency),
    frequency: higherBetterCuts(distribution.frequency),
    monetary: higherBetterCuts(distribution.monetary),
  };
}

export function scoreAgainstCuts(cuts: RfmCuts, values: RfmInput): { r: RfmScoreValue; f: RfmScoreValue; m: RfmScoreValue } {
  const above = (cut: readonly number[], v: number) => (1 + cut.filter((c) => c < v).length) as RfmScoreValue;
  return {
    r: (1 + cuts.recency.filter((c) => c > values.recencyDays).length) as RfmScoreValue,
    f: above(cuts.frequency, values.frequency),
    m: above(cuts.monetary, values.monetary),
  };
}
