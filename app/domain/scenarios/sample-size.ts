// "Not enough data yet — about N more entrants needed": how many entrants a scenario needs before its
// conversion uplift can be told from zero.
//
// The classical sample size for comparing two proportions (Fleiss, Levin & Paik 2003, "Statistical
// Methods for Rates and Proportions", eq. 4.14, without continuity correction), for a two-sided test at
// level α with power 1 − β, with a share h of the entrants in the holdout:
//   N = [z_{1−α/2}·√(p̄(1−p̄)(1/h + 1/(1−h))) + z_{1−β}·√(p₀(1−p₀)/h + p₁(1−p₁)/(1−h))]² / δ²
// where p₀ is the holdout's conversion rate, p₁ = p₀ + δ the treated rate and p̄ = h·p₀ + (1−h)·p₁.
// With h = ½, p₀ = 0.10 and p₁ = 0.15 this gives 686 per group, the textbook figure.
//
// Which δ: the uplift worth detecting, by default a 20 % relative lift of the baseline rate (a scenario
// that lifts conversion by less is not worth its discounts), not the uplift observed so far — a
// power calculation from the observed effect only restates its p-value. The baseline p₀ is the
// holdout's observed rate once it has a few conversions, the pooled rate before that, and an assumed
// rate before anyone converted.

import { normalQuantile } from "./normal-distribution";

export interface SampleSizeInput {
  /** p₀, the conversion rate without the scenario. */
  baselineRate: number;
  /** δ, the absolute uplift to detect (p₁ = p₀ + δ). */
  uplift: number;
  /** h, the share of entrants in the holdout. */
  holdoutShare: number;
  /** Two-sided level α (default 0.05). */
  alpha?: number;
  /** Power 1 − β (default 0.8). */
  power?: number;
}

/** Total entrants (treated + holdout) needed; Infinity when δ = 0. */
export function entrantsNeeded({ baselineRate: p0, uplift, holdoutShare: h, alpha = 0.05, power = 0.8 }: SampleSizeInput): number {
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`The baseline rate must be in [0, 1], got ${p0}.`);
  if (!(h > 0 && h < 1)) throw new RangeError(`The holdout share must be strictly between 0 and 1, got ${h}.`);
  const delta = Math.abs(uplift);
  if (delta === 0) return Number.POSITIVE_INFINITY;
  const p1 = Math.min(p0 + delta, 1);
  const pooled = h * p0 + (1 - h) * p1;
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zPower = normalQuantile(power);
  const root =
    zAlpha * Math.sqrt(pooled * (1 - pooled) * (1 / h + 1 / (1 - h))) + zPower * Math.sqrt((p0 * (1 - p0)) / h + (p1 * (1 - p1)) / (1 - h));
  return Math.ceil((root * root) / (delta * delta));
}

const SUFFICIENCY_RULES = {
  /** Relative lift of the baseline worth detecting. */
  relativeUplift: 0.2,
  /** Holdout conversions before its own rate is trusted as the baseline. */
  minHoldoutConversions: 5,
  /** Baseline assumed before anybody converted (a typical repeat-purchase rate in a month). */
  assumedBaselineRate: 0.03,
  alpha: 0.05,
  power: 0.8,
} as const;

export interface Sufficiency {
  enough: boolean;
  /** Total entrants needed for the uplift worth detecting. */
  entrantsNeeded: number;
  /** Entrants still to come (0 when enough). */
  moreEntrantsNeeded: number;
  baselineRate: number;
  upliftToDetect: number;
}

export function assessSufficiency(
  counts: { treated: { n: number; conversions: number }; holdout: { n: number; conversions: number } },
  holdoutShare: number,
  rules: typeof SUFFICIENCY_RULES = SUFFICIENCY_RULES,
): Sufficiency {
  const { treated, holdout } = counts;
  const entrants = treated.n + holdout.n;
  const pooledConversions = treated.conversions + holdout.conversions;
  const baselineRate =
    holdout.conversions >= rules.minHoldoutConversions
      ? holdout.conversions / holdout.n
      : pooledConversions > 0
        ? pooledConversions / entrants
        : rules.assumedBaselineRate;
  const upliftToDetect = Math.min(rules.relativeUplift * baselineRate, 1 - baselineRate);
  const needed = entrantsNeeded({ baselineRate, uplift: upliftToDetect, holdoutShare, alpha: rules.alpha, power: rules.power });
  const more = Math.max(0, needed - entrants);
  return { enough: more === 0, entrantsNeeded: needed, moreEntrantsNeeded: more, baselineRate, upliftToDetect };
}
