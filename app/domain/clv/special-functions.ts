// Special functions the CLV models need, written out because the app has no numeric library.

// Lanczos approximation, g = 607/128 with 15 coefficients (Godfrey); relative error ≈ 1e-15 for x > 0.
const LANCZOS_G = 607 / 128;
// The coefficients as published, with more digits than a double holds.
/* eslint-disable no-loss-of-precision */
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174, -0.49191381609762019978,
  0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4, 0.15808870322491248884e-3, -0.21026444172410488319e-3,
  0.2174396181152126432e-3, -0.16431810653676389022e-3, 0.84418223983852743293e-4, -0.2619083840158140867e-4, 0.36899182659531622704e-5,
];
/* eslint-enable no-loss-of-precision */
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (NaN otherwise). */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  // Below 0.5 the recurrence Γ(x) = Γ(x+1)/x keeps the Lanczos sum in its accurate range.
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(1 + eˣ) without overflow for large x or loss of precision for very negative x. */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + eˣ), stable for any x. */
export function logisticOfNegative(x: number): number {
  if (x > 0) {
    const e = Math.exp(-x);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(x));
}

/** (1 − e^(−u)) / u, → 1 as u → 0 without the cancellation of the direct formula. */
export function oneMinusExpNegOverU(u: number): number {
  return u === 0 ? 1 : -Math.expm1(-u) / u;
}
