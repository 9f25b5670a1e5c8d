// The holdout check (docs/decisions: predictions are checked before they are shown): fit every
// candidate purchase model on a calibration window of the shop's own orders, score it on the holdout
// window that follows, choose the best by holdout error, and decide whether its numbers may be shown.
//
// Decisions:
// - Windows: the holdout is the last half of the shop's history, at most 365 days, in whole periods
//   (CDNOW's 78 weeks: 39 + 39, as in Fader, Hardie & Lee 2005). Customers are those who first bought in
//   the calibration window; their holdout purchases are repeat purchase days in (calibration end, asOf].
// - Choice: the lowest root mean squared error of holdout purchases per customer (the conditional
//   mean is what the models predict, and RMSE is the score it minimises). Models whose mean squared
//   error is within noise of the best (paired difference under TIE_STANDARD_ERRORS standard errors)
//   count as tied; among tied models one whose P(alive) passes its checks is preferred, so a shop
//   does not lose P(alive) to a difference the holdout cannot tell apart.
// - Publish the expected purchases only when they count better than both naive baselines (predict zero;
//   predict the customer's past rate x/T) and rank "bought again in the holdout" about as well as
//   recency alone (AUC at most RANKING_TOLERANCE below recency's).
// - Show P(alive) only when it, too, ranks about as well as recency (P_ALIVE_TOLERANCE) and is not
//   degenerate: on short, left-truncated logs fits slide towards "no dropout" (a → 0, s → 0), where
//   P(alive) ≈ 1 for everyone is not a probability anyone should read (NO_DROPOUT_P_ALIVE).

import { type BgNbdObservation, type CollapsedObservations, collapseObservations } from "./bg-nbd";
import type { FitFailureCause, FitRules } from "./maximum-likelihood";
import { fitPurchaseModel, PURCHASE_MODELS, type PurchaseModelName, type PurchaseParams, scorePurchases } from "./purchase-model";
import type { ClvSummary, PurchaseDays } from "./summarize-for-clv";

const MAX_HOLDOUT_DAYS = 365;
/** Below this holdout there is too little future to check anything against. */
export const MIN_HOLDOUT_DAYS = 28;
const RANKING_TOLERANCE = 0.02;
const TIE_STANDARD_ERRORS = 2;
const P_ALIVE_TOLERANCE = 0.05;
/** P(alive) is degenerate when even its 10th percentile is at least this. */
export const NO_DROPOUT_P_ALIVE = 0.95;
/**
 * The chosen model over-predicts the customers who were dormant at the calibration end when its holdout
 * purchases for them exceed what they made by more than this share AND by more than twice the Poisson
 * noise of their count (2√actual): then their predicted value is said to run ahead of what such
 * customers did (docs/decisions/035).
 */
const MATERIAL_OVERPREDICTION = 0.2;
/**
 * Fits see at most this many customers (every k-th, in the summaries' order: customer id), with t_x and
 * T rounded to whole periods so that equal histories collapse into one likelihood term: a 250k-customer
 * shop is then fitted in seconds, and the parameters' sampling error (~1 % at 10k customers) stays far
 * below the differences between models. Scoring always covers every customer.
 */
const FIT_SAMPLE_CUSTOMERS = 10_000;
/**
 * The spend model (Gamma-Gamma) sees at most this many repeat buyers, every k-th: its likelihood has a
 * term per customer (zbar is continuous, nothing collapses), and 20k repeat buyers pin its three
 * parameters to a few per cent.
 */
const SPEND_FIT_SAMPLE_REPEAT_BUYERS = 20_000;

/** Every k-th item, k the smallest step that keeps at most `limit` of them. */
function everyKth<T>(items: readonly T[], limit: number): T[] {
  const step = Math.max(1, Math.ceil(items.length / limit));
  const sample: T[] = [];
  for (let i = 0; i < items.length; i += step) sample.push(items[i]);
  return sample;
}

/** The fitting data of `summaries` (see FIT_SAMPLE_CUSTOMERS). */
export function fittingData(summaries: readonly BgNbdObservation[]): CollapsedObservations {
  return collapseObservations(
    everyKth(summaries, FIT_SAMPLE_CUSTOMERS).map(({ x, t_x, T }) => {
      const roundedT = Math.round(T);
      return { x, t_x: x > 0 ? Math.min(Math.round(t_x), roundedT) : 0, T: roundedT };
    }),
  );
}

/** The repeat buyers the spend model is fitted on (see SPEND_FIT_SAMPLE_REPEAT_BUYERS). */
export function spendFittingData<S extends { x: number }>(summaries: readonly S[]): S[] {
  return everyKth(
    summaries.filter((s) => s.x > 0),
    SPEND_FIT_SAMPLE_REPEAT_BUYERS,
  );
}

/** Calibration frequencies shown one by one; higher ones are pooled into the last row. */
const FREQUENCY_ROWS = 7;

export type WithheldReason = "history-too-short" | "no-model-fitted" | "counts-worse-than-baseline" | "ranks-worse-than-recency";
export type PAliveWithheldReason = "p-alive-ranks-worse-than-recency" | "p-alive-no-dropout";

export type CandidateResult =
  | {
      model: PurchaseModelName;
      ok: true;
      params: PurchaseParams;
      logLikelihood: number;
      rmse: number;
      /** (predicted − actual) / actual holdout purchases, summed over customers. */
      aggregateError: number;
      aucExpected: number;
      aucPAlive: number;
      /** Share of customers with P(alive) below 0.5 at the calibration end. */
      shareBelowHalf: number;
      pAliveP10: number;
      /** Mean predicted holdout purchases per calibration frequency row. */
      predictedByFrequency: number[];
    }
  | { model: PurchaseModelName; ok: false; cause: FitFailureCause; detail: string };

export interface FrequencyRow {
  /** Calibration repeat purchases; the last row is "x or more". */
  x: number;
  customers: number;
  /** Mean actual holdout purchases. */
  actual: number;
}

export interface ModelCheck {
  periodDays: number;
  /** Local days (days since the epoch in the shop's zone) of the windows, inclusive. */
  calibrationFromDay: number;
  calibrationToDay: number;
  holdoutToDay: number;
  customers: number;
  repeatBuyers: number;
  holdoutBuyers: number;
  actualHoldoutPurchases: number;
  candidates: CandidateResult[];
  chosen: PurchaseModelName | null;
  baselines: { zeroRmse: number; pastRateRmse: number; recencyAuc: number };
  byFrequency: FrequencyRow[];
  publish: boolean;
  withheld: WithheldReason[];
  showPAlive: boolean;
  pAliveWithheld: PAliveWithheldReason[];
  /** The chosen model on the customers dormant at the calibration end; null without a chosen model. */
  dormant: DormantOnHoldout | null;
}

/** What the customers who were dormant at the calibration end were predicted to do in the holdout, and did. */
export interface DormantOnHoldout {
  /** The lifecycle rule: last purchase more than afterDays and at most untilDays before the calibration end. */
  afterDays: number;
  untilDays: number;
  customers: number;
  /** Of them, the customers who bought in the holdout. */
  buyers: number;
  /** Purchase days in the holdout. */
  actualPurchases: number;
  predictedPurchases: number;
  actualSpend: number;
  /** Each one's predicted purchases × their mean spend per purchase day in calibration. */
  predictedSpend: number;
  /** predictedPurchases runs ahead of actualPurchases materially (MATERIAL_OVERPREDICTION). */
  overPredicted: boolean;
}

/**
 * The chosen model's holdout prediction for the customers who were dormant at the calibration end (last
 * purchase day more than `afterDays` and at most `untilDays` before it), against what they did.
 */
export function dormantOnHoldout(
  days: PurchaseDays,
  params: PurchaseParams,
  window: { calibrationToDay: number; holdoutToDay: number; periodDays: number },
  rule: { afterDays: number; untilDays: number },
): DormantOnHoldout {
  const { calibrationToDay, holdoutToDay, periodDays } = window;
  const x: number[] = [];
  const t_x: number[] = [];
  const T: number[] = [];
  const meanSpend: number[] = [];
  let buyers = 0;
  let actualPurchases = 0;
  let actualSpend = 0;
  for (let c = 0; c < days.customerIds.length; c++) {
    const from = days.start[c];
    const to = days.start[c + 1];
    const first = days.day[from];
    if (first > calibrationToDay) continue;
    let last = first;
    let calibrationDays = 0;
    let calibrationSpend = 0;
    let holdoutDays = 0;
    let holdoutSpend = 0;
    for (let e = from; e < to; e++) {
      const day = days.day[e];
      if (day <= calibrationToDay) {
        last = day;
        calibrationDays++;
        calibrationSpend += days.amount[e];
      } else if (day <= holdoutToDay) {
        holdoutDays++;
        holdoutSpend += days.amount[e];
      }
    }
    const since = calibrationToDay - last;
    if (!(since > rule.afterDays && since <= rule.untilDays)) continue;
    x.push(calibrationDays - 1);
    t_x.push((last - first) / periodDays);
    T.push((calibrationToDay - first) / periodDays);
    meanSpend.push(calibrationSpend / calibrationDays);
    if (holdoutDays > 0) buyers++;
    actualPurchases += holdoutDays;
    actualSpend += holdoutSpend;
  }
  const { expected } = scorePurchases(params, { x, t_x, T }, (holdoutToDay - calibrationToDay) / periodDays);
  let predictedPurchases = 0;
  let predictedSpend = 0;
  expected.forEach((v, i) => {
    predictedPurchases += v;
    predictedSpend += v * meanSpend[i];
  });
  const excess = predictedPurchases - actualPurchases;
  return {
    ...rule,
    customers: x.length,
    buyers,
    actualPurchases,
    predictedPurchases,
    actualSpend,
    predictedSpend,
    overPredicted: excess > MATERIAL_OVERPREDICTION * actualPurchases && excess > 2 * Math.sqrt(actualPurchases),
  };
}

/** Area under the ROC curve of `score` for the positives (ties count one half), by ranks. */
export function areaUnderCurve(score: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => score[i] - score[j]);
  let rankSumPositives = 0;
  let positives = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && score[order[end + 1]] === score[order[start]]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (positive[order[k]]) {
        rankSumPositives += midRank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Whether the mean of `candidate` − `best` (paired per customer) is within TIE_STANDARD_ERRORS of 0. */
function withinNoise(candidate: Float64Array, best: Float64Array): boolean {
  const n = candidate.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const d = candidate[i] - best[i];
    sum += d;
    sumSq += d * d;
  }
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean);
  return mean <= TIE_STANDARD_ERRORS * Math.sqrt(variance / n);
}

/** Holdout length in days for a history of `spanDays`: half of it, in whole periods, at most a year. */
export function holdoutDaysFor(spanDays: number, periodDays: number): number {
  return Math.min(MAX_HOLDOUT_DAYS - (MAX_HOLDOUT_DAYS % periodDays), Math.round(spanDays / 2 / periodDays) * periodDays);
}

export interface ModelCheckInput {
  /** Summaries with calibration end = the returned calibrationToDay and xHoldout up to asOf. */
  summaries: readonly ClvSummary[];
  periodDays: number;
  calibrationFromDay: number;
  calibrationToDay: number;
  holdoutToDay: number;
  fitRules?: Partial<FitRules>;
  models?: readonly PurchaseModelName[];
}

/** Fits and scores the candidates on calibration summaries with holdout counts (see the file comment). */
export function checkModels({
  summaries,
  periodDays,
  calibrationFromDay,
  calibrationToDay,
  holdoutToDay,
  fitRules = {},
  models = PURCHASE_MODELS,
}: ModelCheckInput): ModelCheck {
  const n = summaries.length;
  const holdout = (holdoutToDay - calibrationToDay) / periodDays;
  const columns = {
    x: Float64Array.from(summaries, (s) => s.x),
    t_x: Float64Array.from(summaries, (s) => s.t_x),
    T: Float64Array.from(summaries, (s) => s.T),
  };
  const actual = Float64Array.from(summaries, (s) => s.xHoldout ?? 0);
  const boughtAgain = Array.from(actual, (v) => v > 0);
  const recency = Float64Array.from(summaries, (s) => s.t_x - s.T);
  const rowOf = (x: number) => Math.min(x, FREQUENCY_ROWS);
  const byFrequency: FrequencyRow[] = Array.from({ length: FREQUENCY_ROWS + 1 }, (_, x) => ({ x, customers: 0, actual: 0 }));
  let zeroSq = 0;
  let pastSq = 0;
  let actualTotal = 0;
  for (let i = 0; i < n; i++) {
    const row = byFrequency[rowOf(columns.x[i])];
    row.customers++;
    row.actual += actual[i];
    actualTotal += actual[i];
    zeroSq += actual[i] * actual[i];
    const pastRate = columns.T[i] > 0 ? columns.x[i] / columns.T[i] : 0;
    pastSq += (pastRate * holdout - actual[i]) ** 2;
  }
  for (const row of byFrequency) row.actual = row.customers > 0 ? row.actual / row.customers : 0;
  const baselines = {
    zeroRmse: Math.sqrt(zeroSq / Math.max(n, 1)),
    pastRateRmse: Math.sqrt(pastSq / Math.max(n, 1)),
    recencyAuc: areaUnderCurve(recency, boughtAgain),
  };

  const collapsed = fittingData(summaries);
  let repeatBuyers = 0;
  for (let i = 0; i < n; i++) if (columns.x[i] > 0) repeatBuyers++;
  const squaredErrors = new Map<PurchaseModelName, Float64Array>();
  const candidates: CandidateResult[] = models.map((model) => {
    const fit = fitPurchaseModel(model, collapsed, fitRules);
    if (!fit.ok) return { model, ok: false, cause: fit.cause, detail: fit.detail };
    const { pAlive, expected } = scorePurchases(fit.params, columns, holdout);
    let sq = 0;
    let predictedTotal = 0;
    let belowHalf = 0;
    const predictedByFrequency = new Array<number>(FREQUENCY_ROWS + 1).fill(0);
    const errors = new Float64Array(n);
    squaredErrors.set(model, errors);
    for (let i = 0; i < n; i++) {
      errors[i] = (expected[i] - actual[i]) ** 2;
      sq += errors[i];
      predictedTotal += expected[i];
      if (pAlive[i] < 0.5) belowHalf++;
      predictedByFrequency[rowOf(columns.x[i])] += expected[i];
    }
    byFrequency.forEach((row, k) => {
      predictedByFrequency[k] = row.customers > 0 ? predictedByFrequency[k] / row.customers : 0;
    });
    return {
      model,
      ok: true,
      params: fit.params,
      logLikelihood: fit.logLikelihood,
      rmse: Math.sqrt(sq / n),
      aggregateError: actualTotal > 0 ? (predictedTotal - actualTotal) / actualTotal : Number.NaN,
      aucExpected: areaUnderCurve(expected, boughtAgain),
      aucPAlive: areaUnderCurve(pAlive, boughtAgain),
      shareBelowHalf: belowHalf / n,
      pAliveP10: quantile(pAlive, 0.1),
      predictedByFrequency,
    };
  });

  type Fitted = Extract<CandidateResult, { ok: true }>;
  const pAliveReasons = (c: Fitted): PAliveWithheldReason[] => [
    ...(c.aucPAlive >= baselines.recencyAuc - P_ALIVE_TOLERANCE ? [] : ["p-alive-ranks-worse-than-recency" as const]),
    ...(c.pAliveP10 < NO_DROPOUT_P_ALIVE ? [] : ["p-alive-no-dropout" as const]),
  ];
  const fitted = candidates.filter((c): c is Fitted => c.ok).sort((p, q) => p.rmse - q.rmse);
  const lowest = fitted[0];
  const tied = fitted.filter((c) => c === lowest || withinNoise(squaredErrors.get(c.model)!, squaredErrors.get(lowest.model)!));
  const best: Fitted | null = tied.find((c) => pAliveReasons(c).length === 0) ?? lowest ?? null;
  const withheld: WithheldReason[] = [];
  const pAliveWithheld: PAliveWithheldReason[] = [];
  if (best === null) {
    withheld.push("no-model-fitted");
  } else {
    if (!(best.rmse < Math.min(baselines.zeroRmse, baselines.pastRateRmse))) withheld.push("counts-worse-than-baseline");
    if (!(best.aucExpected >= baselines.recencyAuc - RANKING_TOLERANCE)) withheld.push("ranks-worse-than-recency");
    pAliveWithheld.push(...pAliveReasons(best));
  }
  const publish = withheld.length === 0;
  return {
    periodDays,
    calibrationFromDay,
    calibrationToDay,
    holdoutToDay,
    customers: n,
    repeatBuyers,
    holdoutBuyers: boughtAgain.filter(Boolean).length,
    actualHoldoutPurchases: actualTotal,
    candidates,
    chosen: best?.model ?? null,
    baselines,
    byFrequency,
    publish,
    withheld,
    showPAlive: publish && pAliveWithheld.length === 0,
    pAliveWithheld,
    dormant: null,
  };
}

/** A check that could not run because the history is shorter than twice MIN_HOLDOUT_DAYS. */
export function tooShortCheck(periodDays: number, firstDay: number, lastDay: number): ModelCheck {
  return {
    periodDays,
    calibrationFromDay: firstDay,
    calibrationToDay: lastDay,
    holdoutToDay: lastDay,
    customers: 0,
    repeatBuyers: 0,
    holdoutBuyers: 0,
    actualHoldoutPurchases: 0,
    candidates: [],
    chosen: null,
    baselines: { zeroRmse: Number.NaN, pastRateRmse: Number.NaN, recencyAuc: Number.NaN },
    byFrequency: [],
    publish: false,
    withheld: ["history-too-short"],
    showPAlive: false,
    pAliveWithheld: [],
    dormant: null,
  };
}
