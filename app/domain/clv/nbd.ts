// NBD (Ehrenberg 1959; Morrison & Schmittlein 1988): Poisson purchases with Gamma(r, α) rates and NO
// dropout — the limit BG/NBD (a → 0) and Pareto/NBD (s → 0) slide to on short, left-truncated logs. As a
// candidate it lets the holdout check publish counts for such a shop while stating plainly that its
// P(alive) is 1 by construction (model-check.ts withholds it).
//   L(x, T) = Γ(r+x)/Γ(r) · αʳ/(α+T)^(r+x) · T^x/x!   (the T^x/x! factor does not depend on r, α: dropped)
//   E[purchases in (T, T+t] | x, T] = (r+x)/(α+T) · t

import { type CollapsedObservations, observedTimeScales } from "./bg-nbd";
import { checkDataSize, CLV_FIT_RULES, type FitResult, type FitRules, maximizeLikelihood } from "./maximum-likelihood";
import { logGamma } from "./special-functions";

export interface NbdParams {
  model: "nbd";
  r: number;
  alpha: number;
}

function nbdLogLikelihood({ r, alpha }: NbdParams, data: CollapsedObservations): number {
  const lgR = logGamma(r);
  const logAlpha = Math.log(alpha);
  const perX = data.xValues.map((x) => logGamma(r + x) - lgR + r * logAlpha);
  const logAlphaT = data.TValues.map((T) => Math.log(alpha + T));
  let total = 0;
  for (let g = 0; g < data.weight.length; g++) {
    const ix = data.groupX[g];
    total += data.weight[g] * (perX[ix] - (r + data.xValues[ix]) * logAlphaT[data.groupT[g]]);
  }
  return total;
}

export function fitNbd(
  data: CollapsedObservations,
  options: Partial<FitRules> & { starts?: number[][] } = {},
): FitResult<NbdParams, "r" | "alpha"> {
  const counts = { customers: data.customers, repeatBuyers: data.repeatBuyers };
  const tooSmall = checkDataSize(counts, { ...CLV_FIT_RULES, ...options });
  if (tooSmall) return tooSmall;
  const { periodsPerPurchase } = observedTimeScales(data);
  const starts = options.starts ?? [0.25, 1].map((r) => [r, r * periodsPerPurchase]);
  const result = maximizeLikelihood(
    ["r", "alpha"] as const,
    ([r, alpha]) => nbdLogLikelihood({ model: "nbd", r, alpha }, data),
    starts,
    counts,
  );
  if (!result.ok) return result;
  return { ok: true, params: { model: "nbd", ...result.values }, ...result.fit };
}
