// R/F/M scores of single customers against the whole shop's distribution, for lists that show one
// page of customers at a time. Same rule as rfm.ts's quintileScores (1 + floor(5 × strictlyWorse / n)),
// but the shop's values are sorted once and each customer is scored by binary search.

import type { RfmScoreValue } from "./rfm";

export interface RfmDistribution {
  /** recency days, frequency and monetary of every buyer of the shop, each sorted ascending */
  recency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}

export interface RfmInput {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export function rfmDistributionOf(buyers: readonly RfmInput[]): RfmDistribution {
  return {
    recency: Float64Array.from(buyers, (b) => b.recencyDays).sort(),
    frequency: Float64Array.from(buyers, (b) => b.frequency).sort(),
    monetary: Float64Array.from(buyers, (b) => b.monetary).sort(),
  };
}

/** number of sorted values < v, or <= v when `inclusive` */
function countBelow(sorted: Float64Array, v: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v || (inclusive && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function score(sorted: Float64Array, v: number, better: "higher" | "lower"): RfmScoreValue {
  const n = sorted.length;
  if (n === 0) throw new RangeError("Cannot score against an empty distribution.");
  const worse = better === "higher" ? countBelow(sorted, v, false) : n - countBelow(sorted, v, true);
  return (1 + Math.floor((5 * worse) / n)) as RfmScoreValue;
}

export function scoreAgainst(distribution: RfmDistribution, values: RfmInput): { r: RfmScoreValue; f: RfmScoreValue; m: RfmScoreValue } {
  return {
    r: score(distribution.recency, values.recencyDays, "lower"),
    f: score(distribution.frequency, values.frequency, "higher"),
    m: score(distribution.monetary, values.monetary, "higher"),
  };
}

/** The R×F grid: grid[r-1][f-1] = buyers with that recency and frequency score. */
export function rfGrid(buyers: readonly RfmInput[], distribution: RfmDistribution): number[][] {
  const grid = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const buyer of buyers) {
    const { r, f } = scoreAgainst(distribution, buyer);
    grid[r - 1]![f - 1]! += 1;
  }
  return grid;
}
