// Maximum-likelihood fitting shared by the CLV models: positivity by log-parametrisation, a restarted
// Nelder–Mead from the best of several starting points, convergence checks, and standard errors from
// the curvature.

import { invertPositiveDefinite, minimizeNelderMead, numericalGradient, numericalHessian } from "./optimize";

export type FitFailureReason =
  /** Too few customers, or too few with a repeat purchase, to identify the parameters. */
  | "not-enough-repeat-buyers"
  /** The optimiser hit its cap, a parameter ran off to 0 or ∞, or the optimum is not a strict maximum. */
  | "did-not-converge"
  /** Gamma-Gamma with q ≤ 1: the population's mean spend is infinite, so no spend can be predicted. */
  | "infinite-mean-spend";

/**
 * Why a fit failed, as a code the UI words for the merchant (the English `detail` is for logs):
 * - too-few-repeat-buyers: below the minimum data (CLV_FIT_RULES);
 * - no-drop-out: a drop-out parameter ran off towards "nobody ever drops out", so the data cannot
 *   estimate how customers leave (the NBD, without drop-out, is the candidate for such a shop);
 * - parameter-unidentified: another parameter ran off to 0 or ∞, the data do not pin it down;
 * - no-maximum: the search stopped without converging, or where the likelihood is not at a maximum;
 * - infinite-mean-spend: Gamma-Gamma with q ≤ 1.
 */
export type FitFailureCause = "too-few-repeat-buyers" | "no-drop-out" | "parameter-unidentified" | "no-maximum" | "infinite-mean-spend";

export interface FitDiagnostics {
  /** Customers in the data (Gamma-Gamma: repeat buyers with positive spend, the ones it is fitted on). */
  customers: number;
  /** Customers with at least one repeat purchase (x > 0). */
  repeatBuyers: number;
  evaluations: number;
  /** Largest |∂(mean log-likelihood)/∂ln θ| at the optimum; ≈ 0 at a true maximum. */
  gradientMax: number;
}

export interface FitSuccess<P, K extends string> {
  ok: true;
  params: P;
  /** Total log-likelihood at the optimum (natural log, summed over customers). */
  logLikelihood: number;
  /** Asymptotic standard errors from the inverse Hessian of −LL (delta method from ln θ to θ). */
  standardErrors: Record<K, number>;
  /** 95% Wald intervals built on ln θ, so they stay positive: exp(ln θ ± 1.96·se(ln θ)). */
  confidenceIntervals95: Record<K, readonly [number, number]>;
  diagnostics: FitDiagnostics;
}

export interface FitFailure {
  ok: false;
  reason: FitFailureReason;
  cause: FitFailureCause;
  /** One sentence for logs. */
  detail: string;
  customers: number;
  repeatBuyers: number;
}

export type FitResult<P, K extends string> = FitSuccess<P, K> | FitFailure;

/**
 * Minimum data for a fit (defaults, overridable per call). The BG/NBD family has four parameters and
 * its dropout pair (a, b) is identified only by repeat buyers' recency; Gamma-Gamma's three only by
 * repeat buyers. Simulating CDNOW-like customers (FHL 2005 parameters, 30 seeds per size; see
 * bg-nbd.test.ts for the recovery test) gave median se/estimate for (a, b) and the share of fits whose
 * likelihood runs off to a boundary:
 *   20 repeat buyers (50 customers):    1.4 / 1.6, 43% fail
 *   40 repeat buyers (100 customers):   1.4 / 1.8, 27% fail
 *   80 repeat buyers (200 customers):   0.8 / 1.0,  3% fail
 *   800 repeat buyers (2,000 customers): 0.26 / 0.32, 0% fail
 * Below ~80 repeat buyers the dropout parameters are noise, so we refuse rather than predict.
 */
export const CLV_FIT_RULES = { minCustomers: 200, minRepeatBuyers: 80 } as const;

export interface FitRules {
  minCustomers: number;
  minRepeatBuyers: number;
}

/** ln θ beyond ±this (θ outside ~[4.5e-5, 2.2e4]) means the likelihood is maximised at a boundary. */
const LOG_PARAMETER_LIMIT = 10;
/** A no-dropout parameter past LOG_PARAMETER_LIMIT by this much ends the search (see maximizeLikelihood). */
const ABANDON_MARGIN = 0.5;
const GRADIENT_LIMIT = 1e-4;
/** A healthy fit takes ~600–1,000 evaluations (CDNOW: ~650); far more means a ridge or a boundary. */
const MAX_EVALUATIONS = 4_000;
const Z_95 = 1.959963984540054;

export function checkDataSize(counts: { customers: number; repeatBuyers: number }, rules: FitRules): FitFailure | null {
  if (counts.customers >= rules.minCustomers && counts.repeatBuyers >= rules.minRepeatBuyers) return null;
  return {
    ok: false,
    reason: "not-enough-repeat-buyers",
    cause: "too-few-repeat-buyers",
    detail:
      `${counts.customers} customers of whom ${counts.repeatBuyers} bought again; the model needs at least ` +
      `${rules.minCustomers} customers and ${rules.minRepeatBuyers} repeat buyers.`,
    ...counts,
  };
}

/**
 * Maximises a log-likelihood over positive parameters.
 * @param names parameter names, in the order of the vectors below
 * @param logLikelihood total LL as a function of the parameters (not their logs)
 * @param starts candidate starting points (parameters, not logs); the search starts from the likeliest
 * @param noDropout the directions (−1: towards 0, +1: towards ∞) in which a parameter's run-off means
 *   "nobody drops out": the model has slid to the NBD, a candidate of its own (model-check.ts), and the
 *   fit would fail the boundary check anyway. The search stops as soon as the best point is past that
 *   boundary instead of crawling along it for hundreds more evaluations. Other run-offs may come back
 *   (Gamma-Gamma's ridges do), so they are searched to the end.
 */
export function maximizeLikelihood<K extends string>(
  names: readonly K[],
  logLikelihood: (params: number[]) => number,
  starts: number[][],
  counts: { customers: number; repeatBuyers: number },
  noDropout: Partial<Record<K, 1 | -1>> = {},
): { ok: true; values: Record<K, number>; fit: Omit<FitSuccess<unknown, K>, "ok" | "params"> } | FitFailure {
  const scale = 1 / Math.max(1, counts.customers);
  // Optimise the mean NLL so tolerances mean the same for 100 or 1,000,000 customers.
  // A wall just past the boundary check stops a run-away search quickly instead of at the evaluation cap.
  const meanNll = (logParams: number[]) =>
    logParams.some((v) => Math.abs(v) > LOG_PARAMETER_LIMIT + 1)
      ? Number.POSITIVE_INFINITY
      : -scale * logLikelihood(logParams.map(Math.exp));

  // Screen the candidate starting points by their likelihood and climb from the best one; the
  // optimiser's restarts then guard against a stalled simplex.
  let start = starts[0].map(Math.log);
  let fStart = meanNll(start);
  for (const candidate of starts.slice(1)) {
    const logCandidate = candidate.map(Math.log);
    const f = meanNll(logCandidate);
    if (f < fStart || !Number.isFinite(fStart)) {
      start = logCandidate;
      fStart = f;
    }
  }
  const best = minimizeNelderMead(meanNll, start, {
    pointTolerance: 1e-6,
    maxEvaluations: MAX_EVALUATIONS,
    abandon: (logParams) => names.some((name, i) => (noDropout[name] ?? 0) * logParams[i] > LOG_PARAMETER_LIMIT + ABANDON_MARGIN),
  });
  const evaluations = best.evaluations + starts.length;
  const fail = (detail: string, cause: FitFailureCause = "no-maximum"): FitFailure => ({
    ok: false,
    reason: "did-not-converge",
    cause,
    detail,
    ...counts,
  });
  if (!best.converged && !best.abandoned) {
    return fail(`The optimiser stopped after ${best.evaluations} likelihood evaluations without converging.`);
  }

  const logParams = best.x;
  const runaway = names.findIndex((_, i) => Math.abs(logParams[i]) > LOG_PARAMETER_LIMIT);
  if (runaway >= 0) {
    const name = names[runaway];
    return fail(
      `Parameter ${name} ran off to ${Math.exp(logParams[runaway]).toExponential(2)}: ` +
        `the data do not pin the model down (the likelihood keeps improving towards a boundary).`,
      (noDropout[name] ?? 0) * logParams[runaway] > 0 ? "no-drop-out" : "parameter-unidentified",
    );
  }
  const gradientMax = Math.max(...numericalGradient(meanNll, logParams).map(Math.abs));
  if (!(gradientMax <= GRADIENT_LIMIT)) {
    return fail(`The gradient at the stopping point is ${gradientMax.toExponential(2)}, not ≈ 0.`);
  }
  const totalNll = (lp: number[]) => -logLikelihood(lp.map(Math.exp));
  const covariance = invertPositiveDefinite(numericalHessian(totalNll, logParams));
  if (!covariance) return fail("The curvature at the optimum is not that of a strict maximum.");

  const values = {} as Record<K, number>;
  const standardErrors = {} as Record<K, number>;
  const confidenceIntervals95 = {} as Record<K, readonly [number, number]>;
  names.forEach((name, i) => {
    const seLog = Math.sqrt(covariance[i][i]);
    const value = Math.exp(logParams[i]);
    values[name] = value;
    standardErrors[name] = value * seLog;
    confidenceIntervals95[name] = [Math.exp(logParams[i] - Z_95 * seLog), Math.exp(logParams[i] + Z_95 * seLog)];
  });
  return {
    ok: true,
    values,
    fit: {
      logLikelihood: -best.fx / scale,
      standardErrors,
      confidenceIntervals95,
      diagnostics: { ...counts, evaluations, gradientMax },
    },
  };
}
