// Intervals for proportions and for the difference of two independent proportions.
//
// A holdout is small (10 % of a scenario's entrants by default) and conversion rates are low, so the
// Wald interval p ± z·√(p(1−p)/n) is wrong exactly where we need it (zero conversions in the holdout
// gives a zero-width interval). We use Wilson's score interval for one proportion and Newcombe's hybrid
// score interval for a difference (Newcombe 1998, "Interval estimation for the difference between
// independent proportions: comparison of eleven methods", Statistics in Medicine 17:873–890, method 10),
// whose coverage stays close to nominal down to a handful of events and which never leaves [−1, 1].

import { twoSidedZ } from "./normal-distribution";

export type Interval = readonly [lower: number, upper: number];

export interface Proportion {
  /** Successes (conversions). */
  x: number;
  /** Trials (entrants). */
  n: number;
}

function assertCounts({ x, n }: Proportion): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n < 1 || x < 0 || x > n) {
    throw new RangeError(`A proportion needs integers 0 ≤ x ≤ n and n ≥ 1, got x=${x}, n=${n}.`);
  }
}

/** Wilson's score interval for x/n, without continuity correction (Newcombe's method 3). */
export function wilsonInterval(p: Proportion, confidence = 0.95): Interval {
  assertCounts(p);
  const { x, n } = p;
  const z = twoSidedZ(confidence);
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((x * (n - x)) / n + z2 / 4);
  // At x = 0 (x = n) the lower (upper) bound is exactly 0 (1); rounding must not move it.
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval for p₁ − p₂ (method 10): with Wilson intervals (l₁, u₁), (l₂, u₂),
 *   lower = d − √((p₁ − l₁)² + (u₂ − p₂)²),   upper = d + √((u₁ − p₁)² + (p₂ − l₂)²).
 */
export function newcombeDifferenceInterval(first: Proportion, second: Proportion, confidence = 0.95): Interval {
  const p1 = first.x / first.n;
  const p2 = second.x / second.n;
  const [l1, u1] = wilsonInterval(first, confidence);
  const [l2, u2] = wilsonInterval(second, confidence);
  const d = p1 - p2;
  return [d - Math.hypot(p1 - l1, u2 - p2), d + Math.hypot(u1 - p1, p2 - l2)];
}
