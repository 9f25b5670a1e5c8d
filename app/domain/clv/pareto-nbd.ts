// Pareto/NBD (Schmittlein, Morrison & Colombo 1987; likelihood and predictions as derived in Fader &
// Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions").
//
// Names as in bg-nbd.ts (x, t_x, T; r, α for the Gamma of purchase rates λ); s, β are the shape and
// rate of the Gamma of dropout rates μ: each customer is alive for an exponential time with rate μ,
// so — unlike BG/NBD — a one-time buyer can be gone too.
//
// Likelihood of one history, with m = r + x:
//   L = Γ(m)αʳβˢ/Γ(r) · [ (α+T)^(−m)(β+T)^(−s)  +  s·I ],   I = ∫_{t_x}^{T} (α+τ)^(−m)(β+τ)^(−(s+1)) dτ
// (alive at T, or gone at some τ in (t_x, T]). The published form writes I with two Gauss
// hypergeometric functions, I = [F(z₀)/(c+t_x)^(m+s) − F(z₁)/(c+T)^(m+s)]/(m+s), whose difference
// cancels when T ≈ t_x and whose series converges slowly near the no-dropout boundary. We expand the
// integrand instead, about the larger of α and β (c), which gives a series of POSITIVE terms:
//   I = (c+t_x)^(−(m+s)) Σ_k g_k w^k (1 − e^(−(m+s+k)L)) / (m+s+k),   L = ln((c+T)/(c+t_x)),
//   α ≥ β: w = (α−β)/(α+t_x), g_k = (s+1)_k/k!;   α < β: w = (β−α)/(β+t_x), g_k = (m)_k/k!,
// each bracket computed with expm1, so nothing cancels and s → 0 is harmless. When w is close to 1
// (one rate scale far above the other) the series is slow (it converges at rate w).
// Large x with w near 1 makes the terms peak late (k ≈ m·w/(1−w)); then I is integrated by Gauss–Legendre
// on panels that double in length from t_x. pareto-nbd.test.ts checks both against adaptive Simpson
// quadrature of the defining integral.

import { collapseObservations, observedTimeScales, type BgNbdObservation, type CollapsedObservations } from "./bg-nbd";
import { checkDataSize, CLV_FIT_RULES, type FitResult, type FitRules, maximizeLikelihood } from "./maximum-likelihood";
import { log1pExp, logGamma, logisticOfNegative, oneMinusExpNegOverU } from "./special-functions";

export interface ParetoNbdParams {
  model: "pareto-nbd";
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export type ParetoNbdParamName = "r" | "alpha" | "s" | "beta";

const PARAM_NAMES: readonly ParetoNbdParamName[] = ["r", "alpha", "s", "beta"];

const SERIES_TOLERANCE = 1e-14;
/** Above this w the series needs more terms than the quadrature costs. */
const SERIES_MAX_W = 0.6;
const SERIES_MAX_TERMS = 400;

// 12-point Gauss–Legendre nodes and weights on [−1, 1] (computed once by Newton's method on P₁₂).
const GL_NODES = new Float64Array(12);
const GL_WEIGHTS = new Float64Array(12);
(function initGaussLegendre() {
  const n = GL_NODES.length;
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 0; j < n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j + 1) * z * p1 - j * p2) / (j + 1);
      }
      derivative = (n * (z * p0 - p1)) / (z * z - 1);
      const step = p0 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    GL_NODES[i] = z;
    GL_WEIGHTS[i] = 2 / ((1 - z * z) * derivative * derivative);
  }
})();

/**
 * ln I (see the file comment), −∞ when t_x = T. m = r + x.
 */
export function logDropoutIntegral(m: number, alpha: number, s: number, beta: number, t_x: number, T: number): number {
  if (!(T > t_x)) return Number.NEGATIVE_INFINITY;
  const n = m + s;
  const c = Math.max(alpha, beta);
  const w = Math.abs(alpha - beta) / (c + t_x);
  if (w <= SERIES_MAX_W) {
    const g = alpha >= beta ? s + 1 : m;
    const L = Math.log((c + T) / (c + t_x));
    // 1 − e^(−(n+k)L) by the recurrence u_{k+1} = u_k + e^(−(n+k)L)·(1 − e^(−L)): sums of positive terms.
    const oneMinusQ = -Math.expm1(-L);
    let decayed = Math.exp(-n * L);
    let bracket = -Math.expm1(-n * L);
    let coefficient = 1; // g_k w^k
    let sum = 0;
    for (let k = 0; k < SERIES_MAX_TERMS; k++) {
      if (k > 0) {
        bracket += decayed * oneMinusQ;
        decayed *= 1 - oneMinusQ;
      }
      const term = (coefficient * bracket) / (n + k);
      sum += term;
      const ratio = ((g + k) / (k + 1)) * w;
      // Later ratios are at most max(ratio, w) < 1: the tail is below term·ρ/(1−ρ).
      const rho = Math.max(ratio, w);
      if (rho < 1 && term * rho <= SERIES_TOLERANCE * sum * (1 - rho)) return -n * Math.log(c + t_x) + Math.log(sum);
      coefficient *= ratio;
    }
    // Large x with w near the limit: the terms peak late; the quadrature below is cheaper.
  }
  // Quadrature on panels that double in length from t_x: the integrand is a product of two decaying
  // powers, so its scale near t_x is min((α+t_x)/m, (β+t_x)/(s+1)) and each panel sees at most a few
  // e-foldings. Normalised by its value at t_x to stay in range.
  const logAtTx = m * Math.log(alpha + t_x) + (s + 1) * Math.log(beta + t_x);
  const scale = Math.min((alpha + t_x) / m, (beta + t_x) / (s + 1), T - t_x);
  let integral = 0;
  let from = 0;
  let to = scale;
  for (;;) {
    const half = (to - from) / 2;
    const mid = t_x + (to + from) / 2;
    let panel = 0;
    for (let i = 0; i < GL_NODES.length; i++) {
      const tau = mid + half * GL_NODES[i];
      panel += GL_WEIGHTS[i] * Math.exp(logAtTx - m * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau));
    }
    integral += panel * half;
    if (to >= T - t_x || panel * half <= SERIES_TOLERANCE * integral) break;
    from = to;
    to = Math.min(2 * to, T - t_x);
  }
  return Math.log(integral) - logAtTx;
}

/** Total log-likelihood over collapsed observations (see the file comment). */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: CollapsedObservations): number {
  const { r, alpha, s, beta } = params;
  const nx = data.xValues.length;
  const common = new Float64Array(nx);
  const constant = r * Math.log(alpha) + s * Math.log(beta) - logGamma(r);
  for (let i = 0; i < nx; i++) common[i] = logGamma(r + data.xValues[i]) + constant;
  const logS = Math.log(s);
  const logAlphaT = data.TValues.map((T) => Math.log(alpha + T));
  const logBetaT = data.TValues.map((T) => Math.log(beta + T));
  let total = 0;
  const { groupX, groupT, groupTx, weight, xValues, txValues, TValues } = data;
  for (let g = 0; g < weight.length; g++) {
    const ix = groupX[g];
    const iT = groupT[g];
    const m = r + xValues[ix];
    const logAlive = -m * logAlphaT[iT] - s * logBetaT[iT];
    const logGone = logS + logDropoutIntegral(m, alpha, s, beta, txValues[groupTx[g]], TValues[iT]);
    const ll = logGone === Number.NEGATIVE_INFINITY ? logAlive : logAlive + log1pExp(logGone - logAlive);
    total += weight[g] * (common[ix] + ll);
  }
  return total;
}

/**
 * Maximum-likelihood fit of Pareto/NBD. `starts` replaces the default grid of starting points (a refit
 * on more data starts from the earlier optimum).
 */
export function fitParetoNbd(
  observations: readonly BgNbdObservation[] | CollapsedObservations,
  options: Partial<FitRules> & { starts?: number[][] } = {},
): FitResult<ParetoNbdParams, ParetoNbdParamName> {
  const data = "weight" in observations ? observations : collapseObservations(observations);
  const counts = { customers: data.customers, repeatBuyers: data.repeatBuyers };
  const tooSmall = checkDataSize(counts, { ...CLV_FIT_RULES, ...options });
  if (tooSmall) return tooSmall;
  let starts = options.starts;
  if (!starts) {
    const { periodsPerPurchase, meanT } = observedTimeScales(data);
    const ageScale = Math.max(meanT, 1);
    starts = [];
    for (const r of [0.25, 1])
      for (const s of [0.5, 1.5]) for (const beta of [ageScale, 4 * ageScale]) starts.push([r, r * periodsPerPurchase, s, beta]);
  }
  const result = maximizeLikelihood(
    PARAM_NAMES,
    ([r, alpha, s, beta]) => paretoNbdLogLikelihood({ model: "pareto-nbd", r, alpha, s, beta }, data),
    starts,
    counts,
    // No dropout: s → 0 or β → ∞ (the mean dropout rate s/β → 0).
    { s: -1, beta: 1 },
  );
  if (!result.ok) return result;
  return { ok: true, params: { model: "pareto-nbd", ...result.values }, ...result.fit };
}

/**
 * ln of the odds "gone : alive" at T: ln(s·I) + (r+x) ln(α+T) + s ln(β+T); −∞ when t_x = T is impossible
 * to be gone (the last purchase is now).
 */
export function paretoLogOddsGone(params: ParetoNbdParams, x: number, t_x: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const m = r + x;
  return Math.log(s) + logDropoutIntegral(m, alpha, s, beta, t_x, T) + m * Math.log(alpha + T) + s * Math.log(beta + T);
}

/** P(alive at T | x, t_x, T). */
export function paretoProbabilityAlive(params: ParetoNbdParams, { x, t_x, T }: BgNbdObservation): number {
  return logisticOfNegative(paretoLogOddsGone(params, x, t_x, T));
}

/**
 * E[purchases in (T, T+t] | alive at T] for each horizon, written to `out`:
 *   (r+x)/(α+T) · (β+T)/(s−1) · [1 − ((β+T)/(β+T+t))^(s−1)]
 * (Fader & Hardie 2005 note, eq. 22 without P(alive)), written with φ(u) = (1−e^(−u))/u so s = 1 needs
 * no special case.
 */
export function paretoExpectedIfAlive(
  params: ParetoNbdParams,
  x: number,
  T: number,
  horizons: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  const { r, alpha, s, beta } = params;
  const rate = (r + x) / (alpha + T);
  const betaT = beta + T;
  for (let i = 0; i < horizons.length; i++) {
    const ell = Math.log1p(horizons[i] / betaT);
    out[i] = rate * betaT * ell * oneMinusExpNegOverU((s - 1) * ell);
  }
  return out;
}
