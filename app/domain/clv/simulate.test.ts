import { describe, expect, it } from "vitest";
import { createRandom, sampleBeta, sampleGamma, simulateCustomers } from "./simulate";

function moments(values: number[]) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe("seeded simulation", () => {
  it("repeats the same stream for the same seed and a different one for another seed", () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.uniform());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    draw(1).forEach((u) => expect(u > 0 && u < 1).toBe(true));
  });

  it("draws Gamma(shape, rate) with mean shape/rate and variance shape/rate², also for shape < 1 (seed 11)", () => {
    const random = createRandom(11);
    for (const [shape, rate] of [
      [0.243, 4.414],
      [6.25, 2],
    ]) {
      const { mean, variance } = moments(Array.from({ length: 100_000 }, () => sampleGamma(random, shape, rate)));
      expect(Math.abs(mean - shape / rate)).toBeLessThan((4 * Math.sqrt(shape)) / rate / Math.sqrt(100_000));
      expect(variance / (shape / rate ** 2)).toBeCloseTo(1, 1);
    }
  });

  it("draws Beta(a, b) with mean a/(a+b) (seed 12)", () => {
    const random = createRandom(12);
    const { mean } = moments(Array.from({ length: 100_000 }, () => sampleBeta(random, 0.793, 2.426)));
    expect(mean).toBeCloseTo(0.793 / (0.793 + 2.426), 2);
  });

  it("produces valid histories: t_x = 0 when x = 0, else 0 < t_x ≤ T (seed 13)", () => {
    const random = createRandom(13);
    const customers = simulateCustomers(
      random,
      { model: "mbg-nbd", r: 0.5, alpha: 2, a: 0.9, b: 1.6 },
      Array.from({ length: 2000 }, (_, i) => i / 40),
      { holdout: 10, spendModel: { p: 6, q: 4, gamma: 15 } },
    );
    for (const c of customers) {
      expect(c.x === 0 ? c.t_x === 0 && c.zbar === 0 : c.t_x > 0 && c.t_x <= c.T && c.zbar > 0).toBe(true);
      expect(c.xHoldout).toBeGreaterThanOrEqual(0);
    }
  });
});
