import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScenarioDefinition } from "./definition";
import { admitEntries, exitOf, offerCodeFor, scheduleSteps, withinConversionWindow, type RunnableScenario } from "./runtime";

const SHOP = "runtime.myshopify.com";
const DAY = 86_400_000;
const T0 = new Date("2026-11-02T03:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const definition: ScenarioDefinition = {
  template: "dormant",
  name: { text: "Win back" },
  entry: { kind: "segment-transition", to: "dormant" },
  steps: [
    { dayOffset: 0, content: "brand", brief: { text: "Our story" }, reviewFormLink: false },
    { dayOffset: 7, content: "product", brief: { text: "How to use" }, reviewFormLink: false },
    {
      dayOffset: 30,
      content: "offer",
      brief: { text: "10 % off" },
      reviewFormLink: false,
      offer: { kind: "unique-code", value: { type: "percentage", percent: 10 }, expiryDays: 14 },
    },
  ],
  exit: { onOrder: true, onLeavingSegment: true, onReview: false },
  reentry: true,
  holdoutShare: 0.1,
  conversionWindowDays: 30,
};
const winBack: RunnableScenario = { id: 7, definition };
const variant = (change: Partial<ScenarioDefinition>): RunnableScenario => ({ id: 7, definition: { ...definition, ...change } });

describe("admitEntries", () => {
  it("admits a customer once per evaluation, at their earliest entering event, and not while an entry is open", () => {
    const admitted = admitEntries(
      SHOP,
      winBack,
      [
        { customerId: "c1", entryKey: "transition:2", at: at(1) },
        { customerId: "c1", entryKey: "transition:1", at: at(0) },
        { customerId: "c2", entryKey: "transition:3", at: at(0) },
        { customerId: "c3", entryKey: "transition:4", at: at(5) }, // after now
      ],
      new Map([["c2", { entryNumber: 1, exitedAt: null }]]),
      at(2),
    );
    expect(admitted.map((a) => [a.customerId, a.entryKey, a.entryNumber])).toEqual([["c1", "transition:1", 1]]);
  });

  it("re-admits a customer who exited, as their next entry, only when the scenario allows re-entry", () => {
    const latest = new Map([["c1", { entryNumber: 2, exitedAt: at(1) }]]);
    const candidate = [{ customerId: "c1", entryKey: "transition:9", at: at(3) }];
    expect(admitEntries(SHOP, winBack, candidate, latest, at(4)).map((a) => a.entryNumber)).toEqual([3]);
    expect(admitEntries(SHOP, variant({ reentry: false }), candidate, latest, at(4))).toEqual([]);
    // An entering event from before the exit belongs to the entry that was open then.
    expect(admitEntries(SHOP, winBack, [{ customerId: "c1", entryKey: "transition:8", at: at(0.5) }], latest, at(4))).toEqual([]);
  });

  it("holds out a stable share: the same entry is always assigned the same way, close to the share over many entrants", () => {
    const candidates = Array.from({ length: 20_000 }, (_, i) => ({
      customerId: `gid://shopify/Customer/${i}`,
      entryKey: `t:${i}`,
      at: at(0),
    }));
    const first = admitEntries(SHOP, winBack, candidates, new Map(), at(1));
    const again = admitEntries(SHOP, winBack, [...candidates].reverse(), new Map(), at(1));
    expect(again.map((a) => [a.customerId, a.holdout])).toEqual(first.map((a) => [a.customerId, a.holdout]));
    const share = first.filter((a) => a.holdout).length / first.length;
    expect(share).toBeGreaterThan(0.1 - 3 * Math.sqrt(0.09 / 20_000));
    expect(share).toBeLessThan(0.1 + 3 * Math.sqrt(0.09 / 20_000));
  });
});

describe("exitOf", () => {
  it("exits on the first order after entry, or on leaving the segment, whichever the scenario exits on", () => {
    const facts = { firstOrderAfterEntry: null, inSegment: true, firstReviewAfterEntry: null };
    expect(exitOf(winBack, { ...facts, firstOrderAfterEntry: at(3) }, at(4))).toEqual({ exitedAt: at(3), reason: "converted" });
    expect(exitOf(winBack, { ...facts, inSegment: false }, at(4))).toEqual({ exitedAt: at(4), reason: "left-segment" });
    expect(
      exitOf(
        variant({ exit: { onOrder: false, onLeavingSegment: true, onReview: false } }),
        { ...facts, firstOrderAfterEntry: at(3) },
        at(4),
      ),
    ).toBeNull();
    expect(exitOf(variant({ entry: { kind: "first-order" } }), { ...facts, inSegment: false }, at(4))).toBeNull();
    const reviewRequest = variant({
      entry: { kind: "days-after-fulfilment", days: 14 },
      exit: { onOrder: false, onLeavingSegment: false, onReview: true },
    });
    expect(exitOf(reviewRequest, { ...facts, firstReviewAfterEntry: at(2), firstOrderAfterEntry: at(1) }, at(4))).toEqual({
      exitedAt: at(2),
      reason: "reviewed",
    });
    expect(exitOf(reviewRequest, { ...facts, firstReviewAfterEntry: at(5) }, at(4))).toBeNull();
  });
});

describe("scheduleSteps", () => {
  it("puts each step at 09:00 shop time on its day, keyed by scenario, customer, entry number and step", () => {
    const steps = scheduleSteps(winBack, { customerId: "c1", entryNumber: 2, enteredAt: new Date("2026-11-02T03:00:00Z") }, "Asia/Tokyo");
    expect(steps.map((s) => [s.dueAt.toISOString(), s.idempotencyKey])).toEqual([
      ["2026-11-02T03:00:00.000Z", "7:c1:2:0"], // 12:00 in Tokyo: 09:00 has passed, day 0 goes out at once
      ["2026-11-09T00:00:00.000Z", "7:c1:2:1"],
      ["2026-12-02T00:00:00.000Z", "7:c1:2:2"],
    ]);
  });
});

describe("offerCodeFor", () => {
  it("gives the same code for the same step and different codes for different steps", () => {
    expect(offerCodeFor(SHOP, "7:c1:1:2")).toBe(offerCodeFor(SHOP, "7:c1:1:2"));
    expect(offerCodeFor(SHOP, "7:c1:1:2")).toMatch(/^TSU-[A-HJ-NP-Z2-9]{10}$/);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(offerCodeFor(SHOP, a)).not.toBe(offerCodeFor(SHOP, b));
      }),
    );
  });
});

describe("withinConversionWindow", () => {
  it("counts orders after entry up to the window's last instant", () => {
    expect(withinConversionWindow(definition, at(0), at(0))).toBe(false);
    expect(withinConversionWindow(definition, at(0), at(30))).toBe(true);
    expect(withinConversionWindow(definition, at(0), at(30.001))).toBe(false);
  });
});
