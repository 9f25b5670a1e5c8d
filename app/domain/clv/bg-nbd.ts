// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way") and its modification
// MBG/NBD (Batislam, Denizel & Filiztekin 2007; likelihood as corrected by Wagner & Hoppe 2008).
//
// Literature names, used throughout the clv/ folder:
//   x    repeat purchases in the calibration period (purchase days after the first one)
//   t_x  recency: time of the last purchase, measured from the first purchase
//   T    age: time from the first purchase to the end of calibration
//   r, alpha  shape and rate of the Gamma distribution of purchase rates λ (mean rate r/alpha)
//   a, b      shapes of the Beta distribution of the dropout probability p
// Time is in whatever unit x, t_x, T are measured in (weeks for summarizeForClv's default).
//
// While alive a customer buys as a Poisson process with rate λ. BG/NBD: after each REPEAT purchase the
// customer drops out with probability p, so a customer who never bought again is certainly alive.
// MBG/NBD: the coin is also tossed right after the first purchase, so one-time buyers can be gone too
// (more realistic; it removes BG/NBD's P(alive) = 1 for x = 0).

import { expectedPurchasesIfAlive } from "./expected-purchases-if-alive";
import { checkDataSize, CLV_FIT_RULES, type FitResult, type FitRules, maximizeLikelihood } from "./maximum-likelihood";
import { log1pExp, logGamma, logisticOfNegative } from "./special-functions";

export type BgNbdVariant = "bg-nbd" | "mbg-nbd";

export interface BgNbdParams {
  /** Which model these parameters belong to; predictions follow it. */
  model: BgNbdVariant;
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export type BgNbdParamName = "r" | "alpha" | "a" | "b";

/** One customer's calibration-period history in the literature's terms. */
export interface BgNbdObservation {
  x: number;
  t_x: number;
  T: number;
}

const PARAM_NAMES: readonly BgNbdParamName[] = ["r", "alpha", "a", "b"];

/**
 * The data collapsed to distinct (x, t_x, T) with a customer count each — customers with the same
 * history contribute identical likelihood terms — plus indices into the distinct x, t_x and T values
 * so each likelihood evaluation computes ln Γ(r+x) once per distinct x and ln(α+T) once per distinct T.
 */
export interface CollapsedObservations {
  xValues: Float64Array;
  txValues: Float64Array;
  TValues: Float64Array;
  groupX: Int32Array;
  groupTx: Int32Array;
  groupT: Int32Array;
  weight: Float64Array;
  customers: number;
  repeatBuyers: number;
}

export function collapseObservations(observations: readonly BgNbdObservation[]): CollapsedObservations {
  const xIndex = new Map<number, number>();
  const txIndex = new Map<number, number>();
  const TIndex = new Map<number, number>();
  const indexOf = (map: Map<number, number>, v: number) => {
    let i = map.get(v);
    if (i === undefined) {
      i = map.size;
      map.set(v, i);
    }
    return i;
  };
  const triples: number[] = [];
  let repeatBuyers = 0;
  for (const o of observations) {
    assertValidObservation(o);
    if (o.x > 0) repeatBuyers++;
    triples.push(indexOf(xIndex, o.x), indexOf(txIndex, o.t_x), indexOf(TIndex, o.T));
  }
  const nTx = txIndex.size;
  const nT = TIndex.size;
  const groups = new Map<number, number>();
  const groupX: number[] = [];
  const groupTx: number[] = [];
  const groupT: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < triples.length; i += 3) {
    const key = (triples[i] * nTx + triples[i + 1]) * nT + triples[i + 2];
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, weight.length);
      groupX.push(triples[i]);
      groupTx.push(triples[i + 1]);
      groupT.push(triples[i + 2]);
      weight.push(1);
    } else {
      weight[g]++;
    }
  }
  return {
    xValues: Float64Array.from(xIndex.keys()),
    txValues: Float64Array.from(txIndex.keys()),
    TValues: Float64Array.from(TIndex.keys()),
    groupX: Int32Array.from(groupX),
    groupTx: Int32Array.from(groupTx),
    groupT: Int32Array.from(groupT),
    weight: Float64Array.from(weight),
    customers: observations.length,
    repeatBuyers,
  };
}

/**
 * The time scales the fits' starting points are drawn around, over all customers (each distinct history
 * times its customers): the periods per repeat purchase ΣT / Σx (ΣT when no one bought again) — a
 * Gamma(r, α) purchase rate has the observed mean when α = r · this — and the mean age ΣT / customers.
 */
export function observedTimeScales(data: CollapsedObservations): { periodsPerPurchase: number; meanT: number } {
  let sumX = 0;
  let sumT = 0;
  for (let g = 0; g < data.weight.length; g++) {
    sumX += data.weight[g] * data.xValues[data.groupX[g]];
    sumT += data.weight[g] * data.TValues[data.groupT[g]];
  }
  return { periodsPerPurchase: Math.max(sumT, 1e-9) / Math.max(sumX, 1), meanT: sumT / Math.max(data.customers, 1) };
}

function assertValidObservation({ x, t_x, T }: BgNbdObservation): void {
  if (!(Number.isInteger(x) && x >= 0 && t_x >= 0 && t_x <= T && Number.isFinite(T) && (x > 0 || t_x === 0))) {
    throw new RangeError(`Invalid observation x=${x}, t_x=${t_x}, T=${T}: need integer x ≥ 0, 0 ≤ t_x ≤ T, and t_x = 0 when x = 0.`);
  }
}

/**
 * Total log-likelihood (FHL 2005 eq. 6; MBG/NBD: Batislam et al. 2007 with Wagner & Hoppe 2008):
 *   L = B(a, β)/B(a, b) · Γ(r+x)αʳ / (Γ(r)(α+T)^(r+x))                     [alive at T]
 *     + [x > 0 or MBG] B(a+1, β−1)/B(a, b) · Γ(r+x)αʳ / (Γ(r)(α+t_x)^(r+x))  [gone after t_x]
 * with β = b+x (BG/NBD) or b+x+1 (MBG/NBD); the second term is the first times
 * a/(β−1)·((α+T)/(α+t_x))^(r+x), added in log space.
 */
export function bgNbdLogLikelihood(params: BgNbdParams, data: CollapsedObservations): number {
  const { r, alpha, a, b } = params;
  const mbg = params.model === "mbg-nbd";
  const nx = data.xValues.length;
  const common = new Float64Array(nx); // ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, β) − ln B(a, b)
  const logDeadOdds = new Float64Array(nx); // ln(a/(β−1)), −∞ when the second term is absent
  const shape = new Float64Array(nx); // r + x
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const logA = Math.log(a);
  for (let i = 0; i < nx; i++) {
    const x = data.xValues[i];
    const beta = b + x + (mbg ? 1 : 0);
    common[i] = logGamma(r + x) - lgR + r * Math.log(alpha) + logGamma(beta) - logGamma(a + beta) - lgB + lgAB;
    logDeadOdds[i] = x > 0 || mbg ? logA - Math.log(beta - 1) : Number.NEGATIVE_INFINITY;
    shape[i] = r + x;
  }
  const logAlphaT = data.TValues.map((T) => Math.log(alpha + T));
  const logAlphaTx = data.txValues.map((tx) => Math.log(alpha + tx));

  let total = 0;
  const { groupX, groupT, groupTx, weight } = data;
  for (let g = 0; g < weight.length; g++) {
    const ix = groupX[g];
    const lT = logAlphaT[groupT[g]];
    const n = shape[ix];
    let ll = common[ix] - n * lT;
    const odds = logDeadOdds[ix];
    if (odds !== Number.NEGATIVE_INFINITY) ll += log1pExp(odds + n * (lT - logAlphaTx[groupTx[g]]));
    total += weight[g] * ll;
  }
  return total;
}

export interface BgNbdFitOptions extends Partial<FitRules> {
  model?: BgNbdVariant;
  /** Starting points [r, α, a, b] instead of the default grid (a refit starts from an earlier optimum). */
  starts?: number[][];
}

/**
 * Maximum-likelihood fit of BG/NBD (default) or MBG/NBD. Returns { ok: false, reason } instead of
 * parameters when the data are too thin or the optimum is not a proper maximum.
 */
export function fitBgNbd(
  observations: readonly BgNbdObservation[] | CollapsedObservations,
  options: BgNbdFitOptions = {},
): FitResult<BgNbdParams, BgNbdParamName> {
  const model = options.model ?? "bg-nbd";
  const data = "weight" in observations ? observations : collapseObservations(observations);
  const counts = { customers: data.customers, repeatBuyers: data.repeatBuyers };
  const tooSmall = checkDataSize(counts, { ...CLV_FIT_RULES, ...options });
  if (tooSmall) return tooSmall;

  // Candidate starts: a small grid over the shapes, each with the scale α that makes the mean purchase
  // rate r/α equal the observed repeat rate Σx / ΣT.
  let starts = options.starts;
  if (!starts) {
    const { periodsPerPurchase } = observedTimeScales(data);
    starts = [];
    for (const r of [0.25, 1]) for (const a of [0.5, 1.5]) for (const b of [1, 4]) starts.push([r, r * periodsPerPurchase, a, b]);
  }
  const result = maximizeLikelihood(
    PARAM_NAMES,
    ([r, alpha, a, b]) => bgNbdLogLikelihood({ model, r, alpha, a, b }, data),
    starts,
    counts,
    // No dropout: a → 0 or b → ∞ (the mean dropout probability a/(a+b) → 0).
    { a: -1, b: 1 },
  );
  if (!result.ok) return result;
  return { ok: true, params: { model, ...result.values }, ...result.fit };
}

/** MBG/NBD fit: fitBgNbd with model "mbg-nbd". */
export function fitMbgNbd(
  observations: readonly BgNbdObservation[],
  options: Omit<BgNbdFitOptions, "model"> = {},
): FitResult<BgNbdParams, BgNbdParamName> {
  return fitBgNbd(observations, { ...options, model: "mbg-nbd" });
}

/** Second Beta parameter of the dropout probability's posterior for a customer alive after x repeats. */
export function posteriorDropoutBeta(params: BgNbdParams, x: number): number {
  return params.b + x + (params.model === "mbg-nbd" ? 1 : 0);
}

/**
 * ln of the odds "gone : alive" at T given the history, i.e. P(alive) = 1/(1 + e^this).
 * BG/NBD: ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x)) for x > 0, −∞ for x = 0.
 * MBG/NBD: ln(a/(b+x)) + (r+x) ln((α+T)/(α+t_x)).
 */
export function logOddsGone(params: BgNbdParams, x: number, t_x: number, T: number): number {
  const { r, alpha, a } = params;
  if (params.model === "bg-nbd" && x === 0) return Number.NEGATIVE_INFINITY;
  const beta = posteriorDropoutBeta(params, x);
  return Math.log(a / (beta - 1)) + (r + x) * Math.log((alpha + T) / (alpha + t_x));
}

/**
 * P(alive at T | x, t_x, T). BG/NBD: exactly 1 when x = 0; for x > 0 it is below 1 even when
 * t_x = T (then 1/(1 + a/(b+x−1))), and it decreases as T − t_x grows. MBG/NBD: always below 1.
 */
export function probabilityAlive(params: BgNbdParams, { x, t_x, T }: BgNbdObservation): number {
  assertValidObservation({ x, t_x, T });
  return logisticOfNegative(logOddsGone(params, x, t_x, T));
}

const single = new Float64Array(1);

/**
 * E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T + t] for a customer with this history
 * (FHL 2005 eq. 10; MBG/NBD: Wagner & Hoppe 2008) = P(alive) · E[purchases | alive].
 */
export function expectedPurchases(params: BgNbdParams, observation: BgNbdObservation, t: number): number {
  const { x, T } = observation;
  const pAlive = probabilityAlive(params, observation);
  expectedPurchasesIfAlive(params.r + x, params.a, posteriorDropoutBeta(params, x), params.alpha + T, [t], single);
  return pAlive * single[0];
}

/**
 * E[X(t)]: expected repeat purchases in the first t periods of a new customer (FHL 2005 eq. 9:
 * (a+b−1)/(a−1)·[1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))]; MBG/NBD: b/(a−1)·[1 − (α/(α+t))ʳ
 * ₂F₁(r, b+1; a+b; t/(α+t))], which is P(survives the first purchase) = b/(a+b) times the same form).
 */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  expectedPurchasesIfAlive(r, a, posteriorDropoutBeta(params, 0), alpha, [t], single);
  return params.model === "mbg-nbd" ? (b / (a + b)) * single[0] : single[0];
}
