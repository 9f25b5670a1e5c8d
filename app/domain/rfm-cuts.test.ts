import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rfmDistributionOf, scoreAgainst } from "./rfm-distribution";
import { rfmCutsOf, scoreAgainstCuts } from "./rfm-cuts";

describe("scoreAgainstCuts", () => {
  it("keeps four cuts per dimension: five buyers spending 100 to 500 are cut after each one but the last", () => {
    const buyers = [100, 200, 300, 400, 500].map((monetary, i) => ({ recencyDays: 10 * i, frequency: i + 1, monetary }));
    const cuts = rfmCutsOf(rfmDistributionOf(buyers));
    expect(cuts).toEqual({ buyers: 5, recency: [40, 30, 20, 10], frequency: [1, 2, 3, 4], monetary: [100, 200, 300, 400] });
    expect(buyers.map((b) => scoreAgainstCuts(cuts, b).m)).toEqual([1, 2, 3, 4, 5]);
    expect(buyers.map((b) => scoreAgainstCuts(cuts, b).r)).toEqual([5, 4, 3, 2, 1]);
  });

  it("scores every buyer of any shop as the whole distribution does", () => {
    const values = fc.record({
      recencyDays: fc.integer({ min: 0, max: 60 }),
      frequency: fc.integer({ min: 1, max: 6 }),
      monetary: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 60 }), (buyers) => {
        const distribution = rfmDistributionOf(buyers);
        const cuts = rfmCutsOf(distribution);
        for (const buyer of buyers) expect(scoreAgainstCuts(cuts, buyer)).toEqual(scoreAgainst(distribution, buyer));
      }),
    );
  });

  it("never scores above 5, even a customer who spent more than every buyer the cuts were taken from", () => {
    const cuts = rfmCutsOf(rfmDistributionOf([{ recencyDays: 5, frequency: 1, monetary: 10 }]));
    expect(scoreAgainstCuts(cuts, { recencyDays: 0, frequency: 9, monetary: 1000 })).toEqual({ r: 5, f: 5, m: 5 });
  });
});
