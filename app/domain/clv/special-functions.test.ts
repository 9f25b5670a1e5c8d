import { describe, expect, it } from "vitest";
import { log1pExp, logBeta, logGamma, logisticOfNegative, oneMinusExpNegOverU } from "./special-functions";

describe("logGamma", () => {
  it("matches known values: ln Γ(1/2) = ln √π, ln Γ(10) = ln 9!, ln Γ(100), ln Γ(10⁻⁸)", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 13);
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 10);
    expect(logGamma(1e-8)).toBeCloseTo(18.420680738180209, 10);
  });

  it("satisfies Γ(x+1) = x·Γ(x) across scales", () => {
    for (const x of [0.013, 0.243, 0.793, 2.426, 17.5, 1234.5]) {
      expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 11);
    }
  });

  it("is NaN outside x > 0", () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
  });
});

describe("small stable helpers", () => {
  it("logBeta(1, b) = −ln b", () => {
    expect(logBeta(1, 4)).toBeCloseTo(-Math.log(4), 13);
  });

  it("log1pExp neither overflows for large x nor loses small values for very negative x", () => {
    expect(log1pExp(1000)).toBe(1000);
    expect(log1pExp(-50)).toBeCloseTo(Math.exp(-50), 30);
    expect(log1pExp(0)).toBeCloseTo(Math.LN2, 15);
  });

  it("logisticOfNegative is 1/(1+eˣ) without overflow", () => {
    expect(logisticOfNegative(Number.NEGATIVE_INFINITY)).toBe(1);
    expect(logisticOfNegative(800)).toBe(0);
    expect(logisticOfNegative(0)).toBe(0.5);
  });

  it("(1 − e^(−u))/u tends to 1 at u = 0", () => {
    expect(oneMinusExpNegOverU(0)).toBe(1);
    expect(oneMinusExpNegOverU(1e-12)).toBeCloseTo(1 - 5e-13, 15);
    expect(oneMinusExpNegOverU(2)).toBeCloseTo((1 - Math.exp(-2)) / 2, 15);
  });
});
