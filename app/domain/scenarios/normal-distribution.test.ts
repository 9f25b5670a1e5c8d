import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile, twoSidedZ } from "./normal-distribution";

describe("the standard normal distribution", () => {
  it("has the tabled values Φ(1.96) = 0.9750021 and Φ(−3) = 0.0013499", () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalCdf(0)).toBe(0.5);
  });

  it("inverts Φ to double precision: z(0.975) = 1.959963984540054", () => {
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 10);
    for (const p of [1e-10, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 13);
  });
});
