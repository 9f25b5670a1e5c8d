// The hypergeometric part of the BG/NBD family's predictions, shared by BG/NBD and MBG/NBD.
//
// A customer alive at T, with posterior purchase rate λ ~ Gamma(n, α+T) and dropout probability
// p ~ Beta(a, β), makes in (T, T+t] on average
//   E = E_p[(1 − (1 + p·t/(α+T))^(−n)) / p]
//     = (a+β−1)/(a−1) · [1 − (1−z)^n ₂F₁(n, β; a+β−1; z)],   z = t/(α+T+t)
// (Fader, Hardie & Lee 2005, eq. 10 without its P(alive) factor; BG/NBD: n = r+x, β = b+x;
// MBG/NBD: β = b+x+1).
//
// Numerics. The direct ₂F₁ series has numerator parameters that grow with x and explodes as z → 1
// (lifetimes falls back to Euler's transformation when it overflows). We always apply Euler's
// transformation ₂F₁(n, β; c; z) = (1−z)^(c−n−β) ₂F₁(c−n, c−β; c; z): with c = a+β−1 the bracket
// becomes 1 − (1−z)^(a−1)·F(A, a−1; C; z), A = a+β−1−n, C = a+β−1, whose numerator parameters do not
// depend on x.
// Writing F = 1 + (a−1)·H also removes the 0/0 at a = 1 (the published formula divides by a−1):
//   E = C·L·φ((a−1)L) − (1−z)^(a−1)·S,   L = −ln(1−z),  φ(u) = (1−e^(−u))/u,
//   S = C·H = Σ_{k≥1} d_k z^k,  d_1 = A,  d_{k+1} = d_k·(A+k)(a+k−1)/((C+k)(k+1)).
// Terms are accumulated with a running power-of-ten scale so that huge a (p concentrated near 0, which
// fits drift towards when few customers drop out) cannot overflow. The series converges geometrically
// at rate z; the stopping rule bounds the whole remaining tail, not just the last term.

import { oneMinusExpNegOverU } from "./special-functions";

const RELATIVE_TOLERANCE = 1e-13;
const MAX_TERMS = 1_000_000;
const RESCALE_ABOVE = 1e250;
const LOG_RESCALE = Math.log(RESCALE_ABOVE);

// Scratch buffers reused across calls (results depend only on the arguments).
let terms = new Float64Array(16);
let sums = new Float64Array(16);
let logScales = new Float64Array(16);
let done = new Uint8Array(16);

/**
 * E[repeat purchases in (T, T + tᵢ] | alive at T] for each horizon tᵢ, written to `out`.
 * @param n shape of the posterior purchase rate (r + x)
 * @param a first Beta parameter of the dropout probability
 * @param beta second Beta parameter of the posterior dropout probability (b + x, or b + x + 1 for MBG/NBD)
 * @param alphaPlusT α + T, the posterior rate's scale (> 0)
 * @param horizons the tᵢ ≥ 0, in the same time unit as α and T
 */
export function expectedPurchasesIfAlive(
  n: number,
  a: number,
  beta: number,
  alphaPlusT: number,
  horizons: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  const m = horizons.length;
  if (terms.length < m) {
    terms = new Float64Array(m);
    sums = new Float64Array(m);
    logScales = new Float64Array(m);
    done = new Uint8Array(m);
  }
  const A = a + beta - 1 - n;
  const C = a + beta - 1;
  let remaining = 0;
  for (let i = 0; i < m; i++) {
    const t = horizons[i];
    const z = t / (alphaPlusT + t);
    terms[i] = A * z; // d_1 z
    sums[i] = terms[i];
    logScales[i] = 0;
    done[i] = t > 0 && A !== 0 ? 0 : 1;
    if (!done[i]) remaining++;
  }
  const kMonotone = firstIndexWithMonotoneTail(a, n, A, C);
  for (let k = 1; remaining > 0; k++) {
    if (k >= MAX_TERMS) {
      throw new RangeError(`₂F₁ series did not converge in ${MAX_TERMS} terms (t/(α+T) too large: α+T=${alphaPlusT}).`);
    }
    const ratio = ((A + k) * (a + k - 1)) / ((C + k) * (k + 1)); // d_{k+1}/d_k
    for (let i = 0; i < m; i++) {
      if (done[i]) continue;
      const t = horizons[i];
      const z = t / (alphaPlusT + t);
      // Converged when every later term is bounded by a geometric series of ratio ρ < 1.
      if (k >= kMonotone) {
        const rho = z * Math.max(1, ratio);
        if (rho < 1 && Math.abs(terms[i]) * rho <= RELATIVE_TOLERANCE * (1 - rho) * Math.abs(sums[i])) {
          done[i] = 1;
          remaining--;
          continue;
        }
      }
      let term = terms[i] * ratio * z;
      if (Math.abs(term) > RESCALE_ABOVE) {
        term /= RESCALE_ABOVE;
        sums[i] /= RESCALE_ABOVE;
        logScales[i] += LOG_RESCALE;
      }
      terms[i] = term;
      sums[i] += term;
      if (term === 0) {
        done[i] = 1;
        remaining--;
      }
    }
  }
  for (let i = 0; i < m; i++) {
    const t = horizons[i];
    if (!(t > 0)) {
      out[i] = 0;
      continue;
    }
    const L = Math.log1p(t / alphaPlusT);
    const u = (a - 1) * L;
    const tail = A === 0 ? 0 : Math.exp(-u + logScales[i]) * sums[i];
    out[i] = C * L * oneMinusExpNegOverU(u) - tail;
  }
  return out;
}

/**
 * The first k from which the term ratio d_{k+1}/d_k = (A+k)(a+k−1)/((C+k)(k+1)) stays below
 * max(1, its current value), so that z·max(1, ratio) bounds every later ratio. With
 * ratio − 1 = (s·k + c₀)/((k+C)(k+1)), s = a − n − 2, c₀ = A(a−1) − C: for s ≤ 0 this holds from
 * k = 1; for s > 0 it holds past the last turning point of that rational function.
 */
function firstIndexWithMonotoneTail(a: number, n: number, A: number, C: number): number {
  const s = a - n - 2;
  if (s <= 0) return 1;
  const c0 = A * (a - 1) - C;
  const discriminant = c0 * c0 + s * (s * C - c0 * (C + 1));
  if (discriminant < 0) return 1;
  return Math.max(1, Math.ceil((-c0 + Math.sqrt(discriminant)) / s) + 1);
}
