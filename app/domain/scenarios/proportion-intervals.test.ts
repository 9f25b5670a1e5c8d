import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newcombeDifferenceInterval, wilsonInterval } from "./proportion-intervals";

describe("Wilson's score interval", () => {
  it("gives 0.2553 to 0.3662 for 81/263 (Newcombe 1998, 'Two-sided confidence intervals for the single proportion', example)", () => {
    const [lower, upper] = wilsonInterval({ x: 81, n: 263 });
    expect(lower).toBeCloseTo(0.2553, 4);
    expect(upper).toBeCloseTo(0.3662, 4);
  });

  it("starts exactly at 0 for no successes and ends exactly at 1 for all successes", () => {
    expect(wilsonInterval({ x: 0, n: 10 })).toEqual([0, expect.closeTo(0.2775, 4)]);
    expect(wilsonInterval({ x: 10, n: 10 })[1]).toBe(1);
  });

  it("rejects counts that are not a proportion", () => {
    expect(() => wilsonInterval({ x: 3, n: 2 })).toThrow(/0 ≤ x ≤ n/);
    expect(() => wilsonInterval({ x: 0, n: 0 })).toThrow(RangeError);
  });
});

describe("Newcombe's hybrid score interval for a difference of proportions (method 10)", () => {
  // Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10, examples (a)–(h).
  const published: Array<[string, [number, number], [number, number], [number, number]]> = [
    ["(a) 56/70 − 48/80", [56, 70], [48, 80], [0.0524, 0.3339]],
    ["(b) 9/10 − 3/10", [9, 10], [3, 10], [0.1705, 0.809]],
    ["(c) 6/7 − 2/7", [6, 7], [2, 7], [0.0582, 0.8062]],
    ["(d) 5/56 − 0/29", [5, 56], [0, 29], [-0.0381, 0.1926]],
    ["(e) 0/10 − 0/20", [0, 10], [0, 20], [-0.1611, 0.2775]],
    ["(f) 0/10 − 0/10", [0, 10], [0, 10], [-0.2775, 0.2775]],
    ["(g) 10/10 − 0/20", [10, 10], [0, 20], [0.6791, 1]],
    ["(h) 10/10 − 0/10", [10, 10], [0, 10], [0.6075, 1]],
  ];
  it.each(published)("reproduces the published limits of %s", (_name, [a, m], [b, n], [lower, upper]) => {
    const interval = newcombeDifferenceInterval({ x: a, n: m }, { x: b, n });
    expect(interval[0]).toBeCloseTo(lower, 4);
    expect(interval[1]).toBeCloseTo(upper, 4);
  });

  it("always contains the observed difference and stays within [−1, 1]", () => {
    const arbProportion = fc
      .integer({ min: 1, max: 5000 })
      .chain((n) => fc.record({ x: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
    fc.assert(
      fc.property(arbProportion, arbProportion, (first, second) => {
        const d = first.x / first.n - second.x / second.n;
        const [lower, upper] = newcombeDifferenceInterval(first, second);
        return lower >= -1 - 1e-12 && upper <= 1 + 1e-12 && lower <= d + 1e-12 && d <= upper + 1e-12;
      }),
    );
  });

  it("covers the true difference about 95 % of the time for a 10 % holdout with low conversion", () => {
    // 2,000 simulated scenarios of 2,000 entrants, true rates 6 % treated vs 4 % holdout.
    let state = 12345;
    const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const binomial = (n: number, p: number) => {
      let x = 0;
      for (let i = 0; i < n; i++) if (uniform() < p) x++;
      return x;
    };
    let covered = 0;
    const runs = 2000;
    for (let run = 0; run < runs; run++) {
      const [lower, upper] = newcombeDifferenceInterval({ x: binomial(1800, 0.06), n: 1800 }, { x: binomial(200, 0.04), n: 200 });
      if (lower <= 0.02 && 0.02 <= upper) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.975);
  });
});
