// The candidate purchase models behind one interface: fit, P(alive) and expected purchases, so the
// holdout check (model-check.ts), the shop's predictions and the CLV treat them alike.

import {
  type BgNbdParams,
  type CollapsedObservations,
  collapseObservations,
  fitBgNbd,
  logOddsGone,
  posteriorDropoutBeta,
  type BgNbdObservation,
} from "./bg-nbd";
import { expectedPurchasesIfAlive } from "./expected-purchases-if-alive";
import type { FitFailure, FitRules } from "./maximum-likelihood";
import { fitParetoNbd, paretoExpectedIfAlive, paretoLogOddsGone, type ParetoNbdParams } from "./pareto-nbd";
import { fitNbd, type NbdParams } from "./nbd";
import { logisticOfNegative } from "./special-functions";

export const PURCHASE_MODELS = ["bg-nbd", "mbg-nbd", "pareto-nbd", "nbd"] as const;
export type PurchaseModelName = (typeof PURCHASE_MODELS)[number];
export type PurchaseParams = BgNbdParams | ParetoNbdParams | NbdParams;

export type PurchaseFit = { ok: true; params: PurchaseParams; logLikelihood: number; evaluations: number } | FitFailure;

/**
 * Fits one candidate. `start` (the same model's parameters from an earlier fit) replaces the grid of
 * starting points: a refit on more data of the same shop starts next to its optimum.
 */
export function fitPurchaseModel(
  model: PurchaseModelName,
  data: readonly BgNbdObservation[] | CollapsedObservations,
  options: Partial<FitRules> & { start?: PurchaseParams } = {},
): PurchaseFit {
  const collapsed = "weight" in data ? data : collapseObservations(data);
  const { start, ...rules } = options;
  const fit =
    model === "nbd"
      ? fitNbd(collapsed, { ...rules, starts: start?.model === "nbd" ? [[start.r, start.alpha]] : undefined })
      : model === "pareto-nbd"
        ? fitParetoNbd(collapsed, {
            ...rules,
            starts: start?.model === "pareto-nbd" ? [[start.r, start.alpha, start.s, start.beta]] : undefined,
          })
        : fitBgNbd(collapsed, {
            ...rules,
            model,
            starts: start && start.model === model ? [[start.r, start.alpha, start.a, start.b]] : undefined,
          });
  if (!fit.ok) return fit;
  return { ok: true, params: fit.params, logLikelihood: fit.logLikelihood, evaluations: fit.diagnostics.evaluations };
}

/** ln odds "gone : alive" at T; P(alive) = 1/(1 + e^this). */
export function logOddsGoneOf(params: PurchaseParams, x: number, t_x: number, T: number): number {
  if (params.model === "nbd") return Number.NEGATIVE_INFINITY;
  return params.model === "pareto-nbd" ? paretoLogOddsGone(params, x, t_x, T) : logOddsGone(params, x, t_x, T);
}

function probabilityAliveOf(params: PurchaseParams, x: number, t_x: number, T: number): number {
  return logisticOfNegative(logOddsGoneOf(params, x, t_x, T));
}

/** E[purchases in (T, T + tᵢ] | alive at T] for each horizon tᵢ, written to `out`. */
export function expectedIfAliveOf(
  params: PurchaseParams,
  x: number,
  T: number,
  horizons: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  if (params.model === "pareto-nbd") return paretoExpectedIfAlive(params, x, T, horizons, out);
  if (params.model === "nbd") {
    for (let i = 0; i < horizons.length; i++) out[i] = ((params.r + x) / (params.alpha + T)) * horizons[i];
    return out;
  }
  return expectedPurchasesIfAlive(params.r + x, params.a, posteriorDropoutBeta(params, x), params.alpha + T, horizons, out);
}

export interface PurchaseScores {
  pAlive: Float64Array;
  /** Expected repeat purchases in (T, T + horizon]. */
  expected: Float64Array;
}

/**
 * P(alive) and expected purchases within `horizon` for many customers. E[· | alive] depends on the
 * history only through (x, T), so it is computed once per distinct pair.
 */
export function scorePurchases(
  params: PurchaseParams,
  customers: { x: ArrayLike<number>; t_x: ArrayLike<number>; T: ArrayLike<number> },
  horizon: number,
): PurchaseScores {
  const size = customers.x.length;
  const pAlive = new Float64Array(size);
  const expected = new Float64Array(size);
  const cache = new Map<string, number>();
  const one = new Float64Array(1);
  const horizons = [horizon];
  for (let i = 0; i < size; i++) {
    const x = customers.x[i];
    const T = customers.T[i];
    const key = `${x}:${T}`;
    let ifAlive = cache.get(key);
    if (ifAlive === undefined) {
      ifAlive = expectedIfAliveOf(params, x, T, horizons, one)[0];
      cache.set(key, ifAlive);
    }
    const p = probabilityAliveOf(params, x, customers.t_x[i], T);
    pAlive[i] = p;
    expected[i] = p * ifAlive;
  }
  return { pAlive, expected };
}
