import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { quintileScores } from "./rfm";
import { rfGrid, rfmDistributionOf, scoreAgainst } from "./rfm-distribution";

describe("scoreAgainst", () => {
  it("gives a shop's single buyer 1-1-1, as the quintile rule does", () => {
    const buyers = [{ recencyDays: 3, frequency: 2, monetary: 5000 }];
    expect(scoreAgainst(rfmDistributionOf(buyers), buyers[0]!)).toEqual({ r: 1, f: 1, m: 1 });
  });

  it("scores ties alike: five buyers, two tied at the top spend", () => {
    const buyers = [100, 200, 300, 400, 400].map((monetary, i) => ({ recencyDays: 10 * i, frequency: 1, monetary }));
    const distribution = rfmDistributionOf(buyers);
    expect(buyers.map((b) => scoreAgainst(distribution, b).m)).toEqual([1, 2, 3, 4, 4]);
    expect(buyers.map((b) => scoreAgainst(distribution, b).r)).toEqual([5, 4, 3, 2, 1]);
    expect(rfGrid(buyers, distribution)).toEqual([
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
  });

  it("agrees with rfm.ts's quintileScores for every buyer of any shop", () => {
    const buyer = fc.record({
      recencyDays: fc.integer({ min: 0, max: 60 }),
      frequency: fc.integer({ min: 1, max: 6 }),
      monetary: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(buyer, { minLength: 1, maxLength: 40 }), (buyers) => {
        const distribution = rfmDistributionOf(buyers);
        const r = quintileScores(
          buyers.map((b) => b.recencyDays),
          "lower",
        );
        const f = quintileScores(
          buyers.map((b) => b.frequency),
          "higher",
        );
        const m = quintileScores(
          buyers.map((b) => b.monetary),
          "higher",
        );
        buyers.forEach((b, i) => expect(scoreAgainst(distribution, b)).toEqual({ r: r[i], f: f[i], m: m[i] }));
      }),
    );
  });
});
