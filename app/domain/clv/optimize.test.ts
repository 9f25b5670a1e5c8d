import { describe, expect, it } from "vitest";
import { invertPositiveDefinite, minimizeNelderMead, numericalGradient, numericalHessian } from "./optimize";

describe("minimizeNelderMead", () => {
  it("finds the minimum (1, 1, 1, 1) of the 4-dimensional Rosenbrock valley", () => {
    const rosenbrock = (x: number[]) => x.slice(0, -1).reduce((s, xi, i) => s + 100 * (x[i + 1] - xi * xi) ** 2 + (1 - xi) ** 2, 0);
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1, -1.2, 1], { maxEvaluations: 50_000 });
    expect(result.converged).toBe(true);
    result.x.forEach((v) => expect(v).toBeCloseTo(1, 4));
  });

  it("says it did not converge when the evaluation cap stops it", () => {
    const result = minimizeNelderMead((x) => (x[0] - 3) ** 2 + (x[1] + 2) ** 2, [0, 0], {
      maxEvaluations: 10,
    });
    expect(result.converged).toBe(false);
  });

  it("treats non-finite values as infinitely bad instead of being captured by them", () => {
    const result = minimizeNelderMead((x) => (x[0] < 0 ? Number.NaN : (x[0] - 2) ** 2), [0.5]);
    expect(result.x[0]).toBeCloseTo(2, 5);
  });
});

describe("curvature", () => {
  const quadratic = ([x, y]: number[]) => 3 * x * x + 2 * x * y + 2 * y * y - x;

  it("numerical gradient and Hessian of a quadratic are exact to rounding", () => {
    const [gx, gy] = numericalGradient(quadratic, [1, 2]);
    expect(gx).toBeCloseTo(6 + 4 - 1, 6);
    expect(gy).toBeCloseTo(2 + 8, 6);
    const h = numericalHessian(quadratic, [1, 2]);
    expect(h[0][0]).toBeCloseTo(6, 4);
    expect(h[0][1]).toBeCloseTo(2, 4);
    expect(h[1][1]).toBeCloseTo(4, 4);
  });

  it("inverts a positive-definite matrix and refuses an indefinite one", () => {
    const inverse = invertPositiveDefinite([
      [6, 2],
      [2, 4],
    ]);
    expect(inverse?.[0][0]).toBeCloseTo(4 / 20, 12);
    expect(inverse?.[0][1]).toBeCloseTo(-2 / 20, 12);
    expect(inverse?.[1][1]).toBeCloseTo(6 / 20, 12);
    expect(
      invertPositiveDefinite([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
  });
});
