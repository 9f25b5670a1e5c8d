// Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005 "RFM and CLV: Using Iso-Value
// Curves for Customer Base Analysis"; Colombo & Jiang 1999; Fader & Hardie 2013 "The Gamma-Gamma Model
// of Monetary Value").
//
// A customer's transaction amounts are Gamma(p, ν) with mean p/ν; across customers ν ~ Gamma(q, γ).
// Observed per customer: x repeat transactions with mean amount zbar (names in bg-nbd.ts). Only repeat
// buyers inform the model; spend is assumed independent of the purchase process (check it on the data:
// the correlation between x and zbar should be weak).
//   p      shape of each customer's transaction-amount distribution
//   q, gamma  shape and rate of the Gamma distribution of ν (population mean spend p·γ/(q−1) for q > 1)

import { checkDataSize, CLV_FIT_RULES, type FitResult, type FitRules, maximizeLikelihood } from "./maximum-likelihood";
import { logGamma } from "./special-functions";

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export type GammaGammaParamName = "p" | "q" | "gamma";

export interface SpendObservation {
  /** Repeat transactions. */
  x: number;
  /** Mean amount of those transactions. */
  zbar: number;
}

const PARAM_NAMES: readonly GammaGammaParamName[] = ["p", "q", "gamma"];

interface SpendData {
  xValues: Float64Array;
  logX: Float64Array;
  group: Int32Array; // index into xValues per customer
  xz: Float64Array; // x·zbar
  logZbar: Float64Array;
}

/** Repeat buyers with a positive mean spend: the customers the model is defined on. */
function prepare(observations: readonly SpendObservation[]): SpendData {
  const index = new Map<number, number>();
  const group: number[] = [];
  const xz: number[] = [];
  const logZbar: number[] = [];
  for (const { x, zbar } of observations) {
    if (!(Number.isInteger(x) && x >= 0 && zbar >= 0)) {
      throw new RangeError(`Invalid spend observation x=${x}, zbar=${zbar}.`);
    }
    if (x === 0 || zbar === 0) continue;
    let i = index.get(x);
    if (i === undefined) {
      i = index.size;
      index.set(x, i);
    }
    group.push(i);
    xz.push(x * zbar);
    logZbar.push(Math.log(zbar));
  }
  const xValues = Float64Array.from(index.keys());
  return {
    xValues,
    logX: xValues.map(Math.log),
    group: Int32Array.from(group),
    xz: Float64Array.from(xz),
    logZbar: Float64Array.from(logZbar),
  };
}

/**
 * Total log-likelihood over repeat buyers with zbar > 0 (others are skipped):
 *   f(zbar | x) = Γ(px+q) / (Γ(px)Γ(q)) · γ^q · x^(px) · zbar^(px−1) / (γ + x·zbar)^(px+q)
 * (the mean of x Gamma(p, ν) amounts is Gamma(px, xν); ν integrated out against Gamma(q, γ)).
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, observations: readonly SpendObservation[]): number {
  return logLikelihood(params, prepare(observations));
}

function logLikelihood({ p, q, gamma }: GammaGammaParams, data: SpendData): number {
  const nx = data.xValues.length;
  const perX = new Float64Array(nx); // ln Γ(px+q) − ln Γ(px) + px ln x
  const px = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    px[i] = p * data.xValues[i];
    perX[i] = logGamma(px[i] + q) - logGamma(px[i]) + px[i] * data.logX[i];
  }
  const constant = q * Math.log(gamma) - logGamma(q);
  let total = 0;
  const { group, xz, logZbar } = data;
  for (let c = 0; c < group.length; c++) {
    const i = group[c];
    total += perX[i] + (px[i] - 1) * logZbar[c] - (px[i] + q) * Math.log(gamma + xz[c]);
  }
  return total + group.length * constant;
}

/**
 * Maximum-likelihood fit on the repeat buyers. Fails with "infinite-mean-spend" when q ≤ 1, because
 * then no finite spend can be predicted for anyone.
 */
export function fitGammaGamma(
  observations: readonly SpendObservation[],
  rules: Partial<FitRules> = {},
): FitResult<GammaGammaParams, GammaGammaParamName> {
  const data = prepare(observations);
  const repeatBuyers = data.group.length;
  const counts = { customers: repeatBuyers, repeatBuyers };
  // Only repeat buyers enter this model, so both thresholds apply to them.
  const { minRepeatBuyers } = { ...CLV_FIT_RULES, ...rules };
  const tooSmall = checkDataSize(counts, { minCustomers: minRepeatBuyers, minRepeatBuyers });
  if (tooSmall) return tooSmall;

  // Candidate starts: a grid over p and q, each with the γ that makes the population mean p·γ/(q−1)
  // equal the observed mean spend.
  let meanSpend = 0;
  for (let c = 0; c < repeatBuyers; c++) meanSpend += Math.exp(data.logZbar[c]) / repeatBuyers;
  const starts: number[][] = [];
  for (const p of [1, 4]) for (const q of [2, 4]) starts.push([p, q, (meanSpend * (q - 1)) / p]);
  const result = maximizeLikelihood(PARAM_NAMES, ([p, q, gamma]) => logLikelihood({ p, q, gamma }, data), starts, counts);
  if (!result.ok) return result;
  if (result.values.q <= 1) {
    return {
      ok: false,
      reason: "infinite-mean-spend",
      cause: "infinite-mean-spend",
      detail: `Fitted q = ${result.values.q.toFixed(3)} ≤ 1: spend is too heavy-tailed for a finite expected spend.`,
      ...counts,
    };
  }
  return { ok: true, params: result.values, ...result.fit };
}

/**
 * E[spend per transaction | x, zbar] = (γp + p·x·zbar)/(px + q − 1): a weighted average of the
 * population mean pγ/(q−1) and the customer's own zbar, the latter weighing more as x grows.
 * For x = 0 it is the population mean. Requires q > 1 (guaranteed by a successful fit).
 */
export function expectedAverageSpend({ p, q, gamma }: GammaGammaParams, { x, zbar }: SpendObservation): number {
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}
