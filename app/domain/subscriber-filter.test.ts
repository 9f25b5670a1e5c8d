import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { othersOf, parseSubscriberFilter, type SegmentFigures } from "./subscriber-filter";
import { LIFECYCLE_STAGES, type LifecycleStage } from "./types";

const perStage = <T>(arb: fc.Arbitrary<T>) =>
  fc
    .tuple(...LIFECYCLE_STAGES.map(() => arb))
    .map((values) => Object.fromEntries(LIFECYCLE_STAGES.map((s, i) => [s, values[i]])) as Record<LifecycleStage, T>);

/** A segment's figures and a part of them (the subscribers'). */
const wholeAndPart = perStage(fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(100_000), fc.nat(100_000), fc.nat(50), fc.nat(50))).map(
  (byStage) => {
    const build = (pick: (t: [number, number, number, number, number, number]) => [number, number, number]) => {
      const figures: SegmentFigures = { current: {} as never, sales: { "30": {} as never }, predictedValue: {} as never };
      for (const stage of LIFECYCLE_STAGES) {
        const [customers, revenue, orders] = pick(byStage[stage]);
        figures.current[stage] = customers;
        figures.sales["30"]![stage] = { revenue, orders };
        figures.predictedValue[stage] = revenue * 2;
      }
      return figures;
    };
    return {
      all: build(([a, b, r1, r2, o1, o2]) => [a + b, r1 + r2, o1 + o2]),
      subscribers: build(([a, , r1, , o1]) => [a, r1, o1]),
      others: build(([, b, , r2, , o2]) => [b, r2, o2]),
    };
  },
);

describe("subscriber filter", () => {
  it("reads ?subscriber= as all (absent), yes or no, and nothing else", () => {
    expect(parseSubscriberFilter(null)).toBe("all");
    expect(parseSubscriberFilter("yes")).toBe("yes");
    expect(parseSubscriberFilter("no")).toBe("no");
    expect(parseSubscriberFilter("true")).toBeNull();
    expect(parseSubscriberFilter("")).toBeNull();
  });

  it("everyone else's figures are the whole segment's minus the subscribers', for every segment and period", () => {
    fc.assert(
      fc.property(wholeAndPart, ({ all, subscribers, others }) => {
        expect(othersOf(all, subscribers)).toEqual(others);
      }),
    );
  });

  it("on a hand-built segment: 10 VIPs with 3 subscribers", () => {
    const zero = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;
    const noSales = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, { revenue: 0, orders: 0 }])) as SegmentFigures["sales"][string];
    const all: SegmentFigures = {
      current: { ...zero, vip: 10 },
      sales: { "90": { ...noSales, vip: { revenue: 120_000, orders: 24 } } },
      predictedValue: { ...zero, vip: 300_000 },
    };
    const subscribers: SegmentFigures = {
      current: { ...zero, vip: 3 },
      sales: { "90": { ...noSales, vip: { revenue: 45_000, orders: 9 } } },
      predictedValue: { ...zero, vip: 150_000 },
    };
    const others = othersOf(all, subscribers);
    expect(others.current.vip).toBe(7);
    expect(others.sales["90"]!.vip).toEqual({ revenue: 75_000, orders: 15 });
    expect(others.predictedValue.vip).toBe(150_000);
  });
});
