import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedPurchasesIfAlive } from "./expected-purchases-if-alive";
import { logBeta } from "./special-functions";

function evaluate(n: number, a: number, beta: number, alphaPlusT: number, t: number): number {
  return expectedPurchasesIfAlive(n, a, beta, alphaPlusT, [t], new Float64Array(1))[0];
}

/** The published form (a+β−1)/(a−1)·[1 − (1−z)ⁿ ₂F₁(n, β; a+β−1; z)] with the plain ₂F₁ series. */
function publishedForm(n: number, a: number, beta: number, alphaPlusT: number, t: number): number {
  const c = a + beta - 1;
  const z = t / (alphaPlusT + t);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= ((n + k) * (beta + k) * z) / ((c + k) * (k + 1));
    sum += term;
  }
  return (c / (a - 1)) * (1 - (1 - z) ** n * sum);
}

/**
 * E_p[(1 − (1 + p·s)^(−n)) / p] for p ~ Beta(a, β) by Simpson's rule; for a < 1 in u = pᵃ, which
 * removes the density's singularity at p = 0.
 */
function byQuadrature(n: number, a: number, beta: number, alphaPlusT: number, t: number): number {
  const s = t / alphaPlusT;
  const power = a < 1 ? 1 / a : 1;
  const integrand = (u: number) => {
    const p = u ** power;
    if (p >= 1) return 0;
    const inner = p === 0 ? n * s : -Math.expm1(-n * Math.log1p(p * s)) / p;
    const density = a < 1 ? 1 / a : p ** (a - 1);
    return inner * density * Math.exp((beta - 1) * Math.log1p(-p) - logBeta(a, beta));
  };
  const steps = 200_000;
  let sum = integrand(0) + integrand(1);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * integrand(i / steps);
  return sum / (3 * steps);
}

describe("expectedPurchasesIfAlive", () => {
  it("agrees with the published ₂F₁ form where its series converges (BG/NBD, customer 1 of CDNOW, FHL 2005)", () => {
    // r + x, a, b + x, α + T for r=0.243 α=4.414 a=0.793 b=2.426, x=2, T=38.86; ÷ P(alive) ⇒ 1.226.
    expect(evaluate(2.243, 0.793, 4.426, 43.274, 39)).toBeCloseTo(publishedForm(2.243, 0.793, 4.426, 43.274, 39), 12);
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 10, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }).filter((a) => Math.abs(a - 1) > 0.05),
        fc.double({ min: 0.05, max: 30, noNaN: true }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (n, a, beta, alphaPlusT, t) => {
          const expected = publishedForm(n, a, beta, alphaPlusT, t);
          expect(Math.abs(evaluate(n, a, beta, alphaPlusT, t) - expected)).toBeLessThan(1e-8 * Math.max(1, Math.abs(expected)));
        },
      ),
    );
  });

  it("agrees with direct numerical integration over the dropout probability, including a large x and a ≈ 1", () => {
    for (const [n, a, beta, alphaPlusT, t] of [
      [0.5, 3, 5, 2, 50],
      [30.2, 0.8, 32.4, 40, 52],
      [1.2, 1, 2, 3, 10],
      [0.3, 8, 2, 1, 30],
    ]) {
      const value = evaluate(n, a, beta, alphaPlusT, t);
      expect(Math.abs(value - byQuadrature(n, a, beta, alphaPlusT, t)) / value).toBeLessThan(1e-6);
    }
  });

  it("is continuous through a = 1, where the published formula divides 0 by 0", () => {
    const at1 = evaluate(1.2, 1, 2, 3, 10);
    expect(Number.isFinite(at1)).toBe(true);
    expect(evaluate(1.2, 1 + 1e-9, 2, 3, 10)).toBeCloseTo(at1, 7);
    expect(evaluate(1.2, 1 - 1e-9, 2, 3, 10)).toBeCloseTo(at1, 7);
  });

  it("stays finite where the terms would overflow a double (a = 400, b = 10⁵: dropout concentrated near 0)", () => {
    const value = evaluate(0.5, 400, 1e5, 2, 52);
    // p ≈ 0.004 ⇒ almost nobody leaves within 52 periods: close to the no-dropout value n·t/(α+T) = 13.
    expect(value).toBeGreaterThan(12);
    expect(value).toBeLessThan(13);
  });

  it("evaluates several horizons in one pass with the same results as one at a time", () => {
    const horizons = [0, 4.35, 13, 26, 52, 104];
    const together = expectedPurchasesIfAlive(2.243, 0.793, 4.426, 43.274, horizons, new Float64Array(horizons.length));
    horizons.forEach((t, i) => expect(together[i]).toBe(evaluate(2.243, 0.793, 4.426, 43.274, t)));
    expect(together[0]).toBe(0);
  });
});
