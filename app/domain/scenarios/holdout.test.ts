import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdoutPosition, isInHoldout, type EntryIdentity } from "./holdout";

const arbEntry: fc.Arbitrary<EntryIdentity> = fc.record({
  shop: fc.domain(),
  scenarioId: fc.string({ minLength: 1, maxLength: 12 }),
  customerId: fc.string({ minLength: 1, maxLength: 20 }),
  entryId: fc.string({ minLength: 1, maxLength: 20 }),
});

describe("holdout assignment", () => {
  it("is stable: the same entry is always assigned the same way", () => {
    fc.assert(
      fc.property(
        arbEntry,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (entry, share) => isInHoldout(entry, share) === isInHoldout({ ...entry }, share),
      ),
    );
  });

  it("only moves entrants into the holdout when the share is raised", () => {
    fc.assert(
      fc.property(arbEntry, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (entry, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        return !isInHoldout(entry, low) || isInHoldout(entry, high);
      }),
    );
  });

  it("puts 10 % of entrants in the holdout by default, within 4 standard errors, for any shop and scenario", () => {
    fc.assert(
      fc.property(fc.domain(), fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 1e6 }), (shop, scenarioId, offset) => {
        const n = 20_000;
        let held = 0;
        for (let i = 0; i < n; i++) if (isInHoldout({ shop, scenarioId, customerId: String(offset + i), entryId: "1" })) held++;
        return Math.abs(held / n - 0.1) <= 4 * Math.sqrt((0.1 * 0.9) / n);
      }),
      { numRuns: 20 },
    );
  });

  it("keeps an editable share within tolerance too (25 %)", () => {
    const n = 40_000;
    let held = 0;
    for (let i = 0; i < n; i++)
      if (
        isInHoldout(
          { shop: "s.myshopify.com", scenarioId: "win-back", customerId: `gid://shopify/Customer/${i}`, entryId: "2026-01-01" },
          0.25,
        )
      )
        held++;
    expect(Math.abs(held / n - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / n));
  });

  it("draws a re-entry of the same customer afresh and keeps scenarios independent", () => {
    const base = { shop: "s.myshopify.com", scenarioId: "win-back", customerId: "42", entryId: "1" };
    expect(holdoutPosition({ ...base, entryId: "2" })).not.toBe(holdoutPosition(base));
    // Across 20,000 customers, membership in one scenario's holdout says nothing about another's.
    let both = 0;
    let first = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const a = isInHoldout({ ...base, customerId: String(i) });
      const b = isInHoldout({ ...base, scenarioId: "welcome", customerId: String(i) });
      if (a) first++;
      if (a && b) both++;
    }
    expect(Math.abs(both / first - 0.1)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / first));
  });

  it("does not confuse ids that concatenate to the same text", () => {
    const a = holdoutPosition({ shop: "s", scenarioId: "ab", customerId: "c", entryId: "1" });
    const b = holdoutPosition({ shop: "s", scenarioId: "a", customerId: "bc", entryId: "1" });
    expect(a).not.toBe(b);
  });

  it("rejects a share outside [0, 1]", () => {
    expect(() => isInHoldout({ shop: "s", scenarioId: "a", customerId: "1", entryId: "1" }, 1.5)).toThrow(/between 0 and 1/);
  });
});
