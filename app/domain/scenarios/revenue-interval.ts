// An interval for the difference of two groups' revenue per entrant (treated − holdout).
//
// Revenue per entrant is zero for most entrants and heavy-tailed for the buyers, and the holdout is
// small, so the difference of means is skewed (to the left: the holdout's long right tail enters with a
// minus sign) and a symmetric interval misses more often on one side. We use the normal interval
// corrected for skewness by Hall's (1992) transformation ("On the removal of skewness by
// transformation", JRSS B 54:221–228), applied to the difference of means through its third cumulant
//   κ₃ = μ₃(treated)/n_T² − μ₃(holdout)/n_H²,   γ = κ₃ / se³,
//   g(t) = t + γt²/3 + γ²t³/27 + γ/6,   interval = [d − se·g⁻¹(z), d − se·g⁻¹(−z)],
// with g⁻¹(x) = (3/γ)·(∛(1 + γ(x − γ/6)) − 1). It is deterministic and O(n).
//
// Why not the alternatives (measured on zero-inflated log-normal revenue, 10 % holdout, 400–2,000
// simulated data sets per case; revenue-interval.test.ts repeats one case):
// - Welch on log revenue estimates a ratio of buyers' geometric means, not the difference of means per
//   entrant that incremental revenue is made of; it cannot even take the zeros.
// - A seeded BCa bootstrap and a studentized bootstrap covered no better than the plain normal
//   interval (e.g. 100 holdout entrants with ~5 buyers: BCa 0.833, bootstrap-t 0.835, normal 0.850;
//   500 with ~25: BCa 0.915, bootstrap-t 0.935, normal 0.938) at thousands of times the cost.
// - Hall's correction moves the interval towards the long tail: its misses are more balanced between
//   the two sides and its coverage is equal or better in 4 of 6 cases (200 holdout entrants, 30
//   buyers: 0.944 vs 0.933; 1,000 with 40 buyers and σ = 1.2: 0.911 vs 0.907).
// No method reaches 95 % when the holdout has only a handful of buyers (coverage 0.83–0.88 with 5–10):
// the data do not yet show the tail. That is what the "not enough data yet" estimate is for.

import { twoSidedZ } from "./normal-distribution";
import type { Interval } from "./proportion-intervals";

interface GroupMoments {
  n: number;
  mean: number;
  /** Squared standard error of the mean, s²/n (s² with n − 1). */
  meanVariance: number;
  /** Third cumulant of the mean, μ₃/n² (μ₃ the sample's third central moment). */
  meanThirdCumulant: number;
}

function momentsOf(amounts: ArrayLike<number>): GroupMoments {
  const n = amounts.length;
  if (n === 0) throw new RangeError("Each group needs at least one entrant.");
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = amounts[i];
    if (!Number.isFinite(v)) throw new RangeError(`Revenue amounts must be finite numbers, got ${v}.`);
    sum += v;
  }
  const mean = sum / n;
  let second = 0;
  let third = 0;
  for (let i = 0; i < n; i++) {
    const d = amounts[i] - mean;
    second += d * d;
    third += d * d * d;
  }
  return {
    n,
    mean,
    meanVariance: n > 1 ? second / (n - 1) / n : 0,
    meanThirdCumulant: third / n / (n * n),
  };
}

export interface MeanDifferenceEstimate {
  /** mean(treated) − mean(holdout) */
  difference: number;
  interval: Interval;
  standardError: number;
  /** Standardised skewness γ of the difference (0 = symmetric). */
  skewness: number;
}

/**
 * Skewness-corrected interval for mean(treated) − mean(holdout).
 * @param treated per-entrant amounts of the treated group (0 for an entrant who did not buy)
 * @param holdout per-entrant amounts of the holdout
 */
export function meanDifferenceInterval(treated: ArrayLike<number>, holdout: ArrayLike<number>, confidence = 0.95): MeanDifferenceEstimate {
  const t = momentsOf(treated);
  const h = momentsOf(holdout);
  const difference = t.mean - h.mean;
  const variance = t.meanVariance + h.meanVariance;
  const standardError = Math.sqrt(variance);
  if (!(standardError > 0)) return { difference, interval: [difference, difference], standardError: 0, skewness: 0 };
  const skewness = (t.meanThirdCumulant - h.meanThirdCumulant) / (variance * standardError);
  const z = twoSidedZ(confidence);
  const inverse = (x: number) => (Math.abs(skewness) < 1e-9 ? x : (3 / skewness) * (Math.cbrt(1 + skewness * (x - skewness / 6)) - 1));
  return {
    difference,
    interval: [difference - standardError * inverse(z), difference - standardError * inverse(-z)],
    standardError,
    skewness,
  };
}
