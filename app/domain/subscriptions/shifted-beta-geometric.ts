// The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to project
// customer retention", Journal of Interactive Marketing 21(1):76–90).
//
// Each subscriber renews at the end of every period with a constant probability 1 − θ until they
// cancel; θ varies across subscribers as Beta(α, β). With T the number of periods (deliveries) a
// subscriber stays, T ≥ 1:
//   P(T = t) = B(α + 1, β + t − 1) / B(α, β)          (cancels after the t-th delivery)
//   S(t)     = P(T > t) = B(α, β + t) / B(α, β)         (reaches delivery t + 1)
// computed by the recursions P(1) = α/(α+β), P(t) = P(t−1)·(β+t−2)/(α+β+t−1), S(t) = S(t−1) − P(t)
// (the paper's appendix), in logs where an S(t) far in the tail would underflow.
// The retention rate r(t) = S(t)/S(t−1) = (β + t − 1)/(α + β + t − 1) rises with t: the subscribers
// most likely to cancel leave first, which is why a cohort's retention "walls" flatten.

import { maximizeLikelihood, type FitFailure } from "../clv/maximum-likelihood";
import { logBeta } from "../clv/special-functions";

export interface SbgParams {
  alpha: number;
  beta: number;
}

/**
 * A cohort's observed lifetimes: `cancelledAfter[t]` subscribers cancelled after exactly t deliveries,
 * `activeAfter[t]` are still subscribed after t deliveries (right-censored: T ≥ t). Index 0 is unused.
 */
export interface CohortLifetimes {
  cancelledAfter: readonly number[];
  activeAfter: readonly number[];
  /** Deliveries before anyone could be observed, when known; otherwise the periods before the first count. */
  truncatedPeriods?: number;
}

/** ln P(T = t), t ≥ 1. */
export function logChurnProbability({ alpha, beta }: SbgParams, t: number): number {
  return logBeta(alpha + 1, beta + t - 1) - logBeta(alpha, beta);
}

/** S(t) = P(T > t), the share of a cohort still subscribed after t periods; S(0) = 1. */
export function survival({ alpha, beta }: SbgParams, t: number): number {
  return t === 0 ? 1 : Math.exp(logBeta(alpha, beta + t) - logBeta(alpha, beta));
}

/** r(t) = S(t)/S(t − 1) = (β + t − 1)/(α + β + t − 1), the retention rate at the end of period t. */
export function retentionRate({ alpha, beta }: SbgParams, t: number): number {
  return (beta + t - 1) / (alpha + beta + t - 1);
}

/** Lifetimes of a cohort given as survivors: survivors[0] started, survivors[t] remain after t periods. */
export function lifetimesFromSurvivors(survivors: readonly number[]): CohortLifetimes {
  assertSurvivors(survivors);
  const n = survivors.length - 1;
  const cancelledAfter = [0];
  for (let t = 1; t <= n; t++) cancelledAfter.push(survivors[t - 1] - survivors[t]);
  const activeAfter = new Array<number>(n + 1).fill(0);
  // Those left after n periods have T > n: the censored count at n + 1 deliveries (T ≥ n + 1).
  activeAfter.push(survivors[n]);
  // Every subscriber is counted from the start: a first period without cancellations is not truncation.
  return { cancelledAfter, activeAfter, truncatedPeriods: 0 };
}

export function assertSurvivors(survivors: readonly number[]): void {
  if (survivors.length < 2) throw new RangeError("At least two survivor counts are needed: the start and one period later.");
  survivors.forEach((s, t) => {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`Survivor counts must be whole numbers ≥ 0; value ${t + 1} is ${s}.`);
    if (t > 0 && s > survivors[t - 1]) {
      throw new RangeError(`Survivors cannot increase: value ${t + 1} (${s}) is above value ${t} (${survivors[t - 1]}).`);
    }
  });
  if (survivors[0] === 0) throw new RangeError("The cohort must start with at least one subscriber.");
}

/**
 * Total log-likelihood of a cohort: Σ cancelled(t)·ln P(T = t) + Σ active(t)·ln S(t − 1)
 * (an active subscriber with t deliveries has T ≥ t, i.e. T > t − 1).
 */
export function sbgLogLikelihood(params: SbgParams, lifetimes: CohortLifetimes): number {
  const { alpha, beta } = params;
  const horizon = Math.max(lifetimes.cancelledAfter.length, lifetimes.activeAfter.length);
  const base = logBeta(alpha, beta);
  let total = 0;
  for (let t = 1; t < horizon; t++) {
    const cancelled = lifetimes.cancelledAfter[t] ?? 0;
    const active = lifetimes.activeAfter[t] ?? 0;
    if (cancelled > 0) total += cancelled * (logBeta(alpha + 1, beta + t - 1) - base);
    if (active > 0) total += active * (t === 1 ? 0 : logBeta(alpha, beta + t - 1) - base);
  }
  return total;
}

export interface SbgFit {
  ok: true;
  /** α, β of the cohort as observed: the model's period t is the cohort's delivery `truncatedPeriods` + t. */
  params: SbgParams;
  /** Deliveries before the first one anyone in the cohort was seen at (left truncation, k; 0 for most). */
  truncatedPeriods: number;
  logLikelihood: number;
  standardErrors: { alpha: number; beta: number };
  confidenceIntervals95: { alpha: readonly [number, number]; beta: readonly [number, number] };
  diagnostics: { subscribers: number; cancellations: number; evaluations: number; gradientMax: number };
}

export interface SbgFitFailure {
  ok: false;
  /** no-cancellations: nobody (or everybody at once) cancelled; did-not-converge: see maximizeLikelihood. */
  reason: "no-cancellations" | FitFailure["reason"];
  detail: string;
}

export type SbgFitResult = SbgFit | SbgFitFailure;

/** The periods before the first one anyone in the cohort was counted at (nobody cancelled or active there). */
export function periodsBeforeFirstObserved({ cancelledAfter, activeAfter }: CohortLifetimes): number {
  const horizon = Math.max(cancelledAfter.length, activeAfter.length);
  let k = 0;
  while (k + 1 < horizon && !cancelledAfter[k + 1] && !activeAfter[k + 1]) k++;
  return k;
}

/**
 * Maximum-likelihood α, β of a cohort (the paper's Excel Solver fit, here a restarted Nelder–Mead on
 * ln α, ln β with the curvature's standard errors). A cohort in which nobody has cancelled, or
 * everybody cancelled after the first delivery observed, has its optimum at a boundary: no fit.
 *
 * Subscribers found from their orders are known only from the delivery that shows the plan, so a
 * cohort's first k periods can hold nobody at all — everyone passed them before being counted (left
 * truncation). The model then describes the cohort as observed, from delivery k + 1: if the whole
 * cohort had θ ~ Beta(α, β), those who reached delivery k + 1 have θ ~ Beta(α, β + k), so the fitted β is
 * β + k. Fitting that directly also holds when the observed cohort cannot be traced back to delivery 1
 * (fitted β < k), and every figure shown — the reach of coming deliveries, further deliveries, value —
 * is about subscribers who were observed. Read a subscriber's delivery n as the model's period n − k.
 */
export function fitShiftedBetaGeometric(lifetimes: CohortLifetimes): SbgFitResult {
  const truncatedPeriods = lifetimes.truncatedPeriods ?? periodsBeforeFirstObserved(lifetimes);
  const observed: CohortLifetimes = {
    cancelledAfter: [0, ...lifetimes.cancelledAfter.slice(truncatedPeriods + 1)],
    activeAfter: [0, ...lifetimes.activeAfter.slice(truncatedPeriods + 1)],
  };
  const sum = (values: readonly number[]) => values.reduce((s, v) => s + (v ?? 0), 0);
  const cancellations = sum(observed.cancelledAfter);
  const subscribers = cancellations + sum(observed.activeAfter);
  const counts = { customers: subscribers, repeatBuyers: cancellations };
  if (cancellations === 0 || (observed.cancelledAfter[1] ?? 0) === subscribers) {
    return {
      ok: false,
      reason: "no-cancellations",
      detail:
        cancellations === 0
          ? "Nobody in the cohort has cancelled yet, so its churn cannot be estimated."
          : "Every subscriber cancelled after the first delivery, so the spread of churn cannot be estimated.",
    };
  }
  // Starting points around the first period's churn α/(α+β), at several concentrations α+β.
  const firstChurn = Math.min(Math.max((observed.cancelledAfter[1] ?? 0) / subscribers, 0.01), 0.99);
  const starts = [1, 0.3, 3, 10].map((c) => [c * firstChurn, c * (1 - firstChurn)]);
  const fit = maximizeLikelihood(
    ["alpha", "beta"] as const,
    ([alpha, beta]) => sbgLogLikelihood({ alpha, beta }, observed),
    starts,
    counts,
  );
  if (!fit.ok) return { ok: false, reason: fit.reason, detail: fit.detail };
  return {
    ok: true,
    params: { alpha: fit.values.alpha, beta: fit.values.beta },
    truncatedPeriods,
    logLikelihood: fit.fit.logLikelihood,
    standardErrors: fit.fit.standardErrors,
    confidenceIntervals95: fit.fit.confidenceIntervals95,
    diagnostics: {
      subscribers,
      cancellations,
      evaluations: fit.fit.diagnostics.evaluations,
      gradientMax: fit.fit.diagnostics.gradientMax,
    },
  };
}

/** The share of a left-truncated cohort's observed subscribers still subscribed after its t-th delivery. */
export function observedSurvival(params: SbgParams, truncatedPeriods: number, t: number): number {
  return t <= truncatedPeriods ? 1 : survival(params, t - truncatedPeriods);
}

/** S(from + 1), …, S(from + periods): the projected share of the starting cohort still subscribed. */
export function projectSurvival(params: SbgParams, from: number, periods: number): number[] {
  return Array.from({ length: periods }, (_, i) => survival(params, from + i + 1));
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, "Customer-base valuation in a contractual
 * setting: the perils of ignoring heterogeneity", Marketing Science 29(1):85–93, eq. 6): for a
 * subscriber who has made n deliveries (n − 1 renewals) and is about to renew, the expected number of
 * further deliveries, the next one undiscounted and each later one discounted by 1/(1 + d) per period:
 *   DERL(d | α, β, n) = Σ_{k≥0} S(n + k)/S(n − 1) · (1 + d)^−k
 *                     = (β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d)).
 * Summed as the hypergeometric series, whose k-th term is a product of retention rates. With d = 0 it
 * is the expected number of remaining deliveries, (β + n − 1)/(α − 1) when α > 1 and infinite otherwise.
 * Multiply by the margin per delivery for the discounted expected subscription value.
 */
export function discountedExpectedResidualLifetime(params: SbgParams, deliveriesMade: number, discountRate: number): number {
  const { alpha, beta } = params;
  if (!Number.isInteger(deliveriesMade) || deliveriesMade < 1)
    throw new RangeError(`deliveriesMade must be a whole number ≥ 1, got ${deliveriesMade}.`);
  if (!(discountRate >= 0)) throw new RangeError(`The discount rate must be ≥ 0, got ${discountRate}.`);
  const n = deliveriesMade;
  if (discountRate === 0) return alpha > 1 ? (beta + n - 1) / (alpha - 1) : Number.POSITIVE_INFINITY;
  const z = 1 / (1 + discountRate);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k++) {
    term *= ((beta + n + k) / (alpha + beta + n + k)) * z;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return ((beta + n - 1) / (alpha + beta + n - 1)) * sum;
}
