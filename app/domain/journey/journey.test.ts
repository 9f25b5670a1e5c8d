import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EMPTY_TOTALS, addTotals, stageConversion, type JourneyTotals } from "./definitions";
import { findBottleneck, summarizeJourney } from "./funnel";
import { DEFAULT_JOURNEY_MAP, parseJourneyMapInput, readJourneyMap, type JourneyMap } from "./journey-map";
import { countDailyJourney } from "./stage-arrivals";
import { resolvePeriod, periodDates } from "./period";
import { JOURNEY_STAGES } from "./stages";
import { parseLocalDate } from "../calendar";

const totals = (values: Partial<JourneyTotals>): JourneyTotals => addTotals(EMPTY_TOTALS, values);

describe("journey funnel", () => {
  it("an empty shop has zero volumes, no conversions and no bottleneck", () => {
    const summary = summarizeJourney(EMPTY_TOTALS, EMPTY_TOTALS, DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: true });
    expect(summary.stages.map((s) => s.volume)).toEqual([0, 0, 0, 0, 0]);
    expect(summary.stages.map((s) => s.conversion)).toEqual([null, null, null, null, null]);
    expect(summary.stages.map((s) => s.volumeChange)).toEqual([null, null, null, null, null]);
    expect(summary.bottleneck).toBeNull();
    const nps = summary.stages[4].kpis.find((k) => k.id === "nps")!;
    expect(nps.value).toBeNull();
  });

  it("a shop with one customer who signed up, abandoned, then bought once converts 100 % to purchase and 0 % to retention", () => {
    const days = countDailyJourney(
      [{ createdAt: new Date("2026-11-01T10:00:00Z"), firstAbandonedCheckoutAt: new Date("2026-11-02T10:00:00Z"), qualifyingOrderTimes: [new Date("2026-11-03T10:00:00Z")] }],
      [{ createdAt: new Date("2026-11-02T10:00:00Z"), recovered: true }],
      "UTC",
    );
    const current = [...days.values()].reduce<JourneyTotals>((sum, day) => addTotals(sum, day), EMPTY_TOTALS);
    expect(current).toMatchObject({ newCustomers: 1, firstCheckouts: 1, firstOrders: 1, secondOrders: 0, abandonedCheckouts: 1, recoveredCheckouts: 1, repeatOrders: 0 });
    const summary = summarizeJourney(current, EMPTY_TOTALS, DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: true });
    expect(summary.stages.map((s) => s.conversion)).toEqual([1, 1, 0, null, null]);
    // purchase → retention is 0 against a 25 % target: −100 %, the furthest below.
    expect(summary.bottleneck).toEqual({ stage: "purchase", reason: "belowTarget", conversion: 0, reference: 0.25, shortfall: -1 });
    expect(summary.stages[1].kpis.find((k) => k.id === "checkoutRecoveryRate")!.value).toBe(1);
  });

  it("computes volumes, conversions, trends and scaled targets with exact numbers", () => {
    const current = totals({ newCustomers: 200, firstCheckouts: 80, firstOrders: 20, secondOrders: 6, firstAdvocates: 3, abandonedCheckouts: 90, recoveredCheckouts: 9, reviews: 4, ratingSum: 18, npsAnswers: 10, npsPromoters: 6, npsDetractors: 1 });
    const previous = totals({ newCustomers: 100, firstCheckouts: 50, firstOrders: 20, secondOrders: 2, firstAdvocates: 0 });
    const map: JourneyMap = { ...DEFAULT_JOURNEY_MAP, awareness: { ...DEFAULT_JOURNEY_MAP.awareness, targetVolumePer30Days: 150 } };
    const summary = summarizeJourney(current, previous, map, 90, { advocacyCollected: true });
    const [awareness, consideration, purchase, retention, advocacy] = summary.stages;
    expect(awareness).toMatchObject({ volume: 200, previousVolume: 100, volumeChange: 1, targetVolume: 450, conversion: 0.4, previousConversion: 0.5 });
    expect(awareness.conversionChange).toBeCloseTo(-0.1, 12);
    expect(consideration).toMatchObject({ volume: 80, conversion: 0.25, previousConversion: 0.4 });
    expect(purchase).toMatchObject({ volume: 20, volumeChange: 0, conversion: 0.3, previousConversion: 0.1 });
    expect(retention).toMatchObject({ volume: 6, conversion: 0.5, previousConversion: 0 });
    expect(advocacy).toMatchObject({ volume: 3, previousVolume: 0, volumeChange: null, conversion: null });
    expect(advocacy.kpis.find((k) => k.id === "averageRating")!.value).toBe(4.5);
    expect(advocacy.kpis.find((k) => k.id === "nps")!.value).toBe(50);
    expect(consideration.kpis.find((k) => k.id === "checkoutRecoveryRate")!.value).toBe(0.1);
    // consideration: 25 % vs 30 % target (−16.7 %) is the only conversion below target.
    expect(summary.bottleneck?.stage).toBe("consideration");
    expect(summary.bottleneck?.shortfall).toBeCloseTo(0.25 / 0.3 - 1, 12);
  });
});

describe("advocacy not collected yet", () => {
  it("leaves the conversion into advocacy out instead of calling it 0 %, so it is never the bottleneck", () => {
    const current = totals({ newCustomers: 10, firstCheckouts: 5, firstOrders: 2, secondOrders: 1 });
    const summary = summarizeJourney(current, EMPTY_TOTALS, DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: false });
    expect(summary.stages.map((s) => s.conversion)).toEqual([0.5, 0.4, 0.5, null, null]);
    expect(summary.bottleneck).toBeNull();
    const collected = summarizeJourney(current, EMPTY_TOTALS, DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: true });
    expect(collected.bottleneck).toMatchObject({ stage: "retention", conversion: 0, reference: 0.2 });
  });
});

describe("bottleneck", () => {
  const stage = (s: (typeof JOURNEY_STAGES)[number], conversion: number | null, targetConversion: number | null, previousConversion: number | null = null) =>
    ({ stage: s, conversion, targetConversion, previousConversion });

  it("on a tie the earlier stage is the bottleneck", () => {
    const bottleneck = findBottleneck([
      stage("awareness", 0.5, 0.5),
      stage("consideration", 0.15, 0.3), // −50 %
      stage("purchase", 0.1, 0.2), // −50 %, same shortfall
      stage("retention", 0.3, 0.2),
    ]);
    expect(bottleneck).toMatchObject({ stage: "consideration", reason: "belowTarget", shortfall: -0.5 });
  });

  it("the relative gap decides, not the absolute one", () => {
    // awareness is 10 points below (−20 %), retention 4 points below (−40 %).
    const bottleneck = findBottleneck([stage("awareness", 0.4, 0.5), stage("retention", 0.06, 0.1)]);
    expect(bottleneck?.stage).toBe("retention");
  });

  it("when every target is met, the conversion furthest below its previous period is named", () => {
    const bottleneck = findBottleneck([stage("awareness", 0.6, 0.5, 0.9), stage("consideration", 0.4, 0.3, 0.5)]);
    expect(bottleneck).toMatchObject({ stage: "awareness", reason: "belowBaseline", reference: 0.9 });
    expect(bottleneck!.shortfall).toBeCloseTo(-1 / 3, 12);
  });

  it("is always a stage below its reference, whatever the numbers", () => {
    const arbStage = fc.record({
      conversion: fc.option(fc.double({ min: 0, max: 2, noNaN: true })),
      targetConversion: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      previousConversion: fc.option(fc.double({ min: 0, max: 2, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.tuple(arbStage, arbStage, arbStage, arbStage), (rows) => {
        const stages = rows.map((r, i) => ({ stage: JOURNEY_STAGES[i], ...r }));
        const b = findBottleneck(stages);
        if (!b) return stages.every((s) => s.conversion === null || ((s.targetConversion === null || s.conversion >= s.targetConversion || s.targetConversion <= 0) && (s.previousConversion === null || s.conversion >= s.previousConversion || s.previousConversion <= 0)));
        return b.conversion < b.reference && b.shortfall < 0;
      }),
    );
  });
});

describe("daily journey counts", () => {
  it("counts each customer once per stage, on the shop-local day of the first event", () => {
    // 23:30 UTC on 1 Nov is 08:30 on 2 Nov in Tokyo.
    const days = countDailyJourney(
      [
        { createdAt: new Date("2026-11-01T23:30:00Z"), firstAbandonedCheckoutAt: null, qualifyingOrderTimes: [new Date("2026-11-05T01:00:00Z"), new Date("2026-11-03T01:00:00Z"), new Date("2026-11-09T01:00:00Z")] },
        { createdAt: new Date("2026-11-02T01:00:00Z"), firstAbandonedCheckoutAt: new Date("2026-11-04T01:00:00Z"), qualifyingOrderTimes: [] },
      ],
      [{ createdAt: new Date("2026-11-04T01:00:00Z"), recovered: false }],
      "Asia/Tokyo",
    );
    const day = (iso: string) => days.get(parseLocalDate(iso)!);
    expect(day("2026-11-02")).toMatchObject({ newCustomers: 2 });
    expect(day("2026-11-03")).toMatchObject({ firstCheckouts: 1, firstOrders: 1 });
    expect(day("2026-11-04")).toMatchObject({ firstCheckouts: 1, abandonedCheckouts: 1, recoveredCheckouts: 0 });
    expect(day("2026-11-05")).toMatchObject({ secondOrders: 1, repeatOrders: 1 });
    expect(day("2026-11-09")).toMatchObject({ secondOrders: 0, repeatOrders: 1 });
  });

  it("a stage never has more arrivals than the stage before it, summed over all time", () => {
    const arbCustomer = fc.record({
      createdAt: fc.integer({ min: 0, max: 1000 }),
      abandonedAfter: fc.option(fc.integer({ min: 0, max: 100 })),
      orderGaps: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(arbCustomer, { maxLength: 30 }), (customers) => {
        const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000);
        const days = countDailyJourney(
          customers.map((c) => ({
            createdAt: at(c.createdAt),
            firstAbandonedCheckoutAt: c.abandonedAfter === null ? null : at(c.createdAt + c.abandonedAfter),
            qualifyingOrderTimes: c.orderGaps.map((gap, i) => at(c.createdAt + gap + i)),
          })),
          [],
          "UTC",
        );
        const sum = [...days.values()].reduce<JourneyTotals>((s, d) => addTotals(s, d), EMPTY_TOTALS);
        return sum.newCustomers === customers.length && sum.firstCheckouts <= sum.newCustomers && sum.firstOrders <= sum.firstCheckouts && sum.secondOrders <= sum.firstOrders;
      }),
    );
  });
});

describe("period", () => {
  const now = new Date("2026-11-23T20:00:00Z"); // 24 Nov 05:00 in Tokyo

  it("the last 30 days end today in the shop's time zone, and the previous 30 days precede them", () => {
    const result = resolvePeriod({ preset: "30" }, now, "Asia/Tokyo");
    if (!result.ok) throw new Error(result.error);
    expect(periodDates(result.period)).toEqual({ from: "2026-10-26", to: "2026-11-24", previousFrom: "2026-09-26", previousTo: "2026-10-25" });
  });

  it("a custom range includes both ends; bad or reversed dates are refused", () => {
    const result = resolvePeriod({ from: "2026-01-01", to: "2026-01-31" }, now, "UTC");
    expect(result.ok && result.period.days).toBe(31);
    expect(resolvePeriod({ from: "2026-02-30", to: "2026-03-01" }, now, "UTC")).toEqual({ ok: false, error: "badDate" });
    expect(resolvePeriod({ from: "2026-03-01", to: "2026-02-01" }, now, "UTC")).toEqual({ ok: false, error: "endBeforeStart" });
    expect(resolvePeriod({ from: "2000-01-01", to: "2026-02-01" }, now, "UTC")).toEqual({ ok: false, error: "tooLong" });
  });

  it("an unknown preset falls back to 30 days", () => {
    const result = resolvePeriod({ preset: "7" }, now, "UTC");
    expect(result.ok && result.period.days).toBe(30);
  });
});

describe("journey map", () => {
  it("stores percent targets as shares and refuses out-of-range values", () => {
    const input = Object.fromEntries(JOURNEY_STAGES.map((s) => [s, { objective: " Be found ", targetConversionPercent: "40", targetVolumePer30Days: "" }])) as Parameters<typeof parseJourneyMapInput>[0];
    const parsed = parseJourneyMapInput(input);
    expect(parsed.ok && parsed.map.awareness).toEqual({ objective: "Be found", callToAction: null, targetConversion: 0.4, targetVolumePer30Days: null });
    expect(parsed.ok && parsed.map.advocacy.targetConversion).toBeNull();
    const bad = parseJourneyMapInput({ ...input, purchase: { targetConversionPercent: "140", targetVolumePer30Days: "2.5", objective: "x".repeat(501) } });
    expect(bad.ok ? [] : bad.errors).toEqual([
      { stage: "purchase", field: "objective", problem: "tooLong" },
      { stage: "purchase", field: "targetConversion", problem: "notAPercent" },
      { stage: "purchase", field: "targetVolumePer30Days", problem: "notACount" },
    ]);
  });

  it("unreadable stored JSON falls back to the defaults", () => {
    expect(readJourneyMap("{not json")).toEqual(DEFAULT_JOURNEY_MAP);
    expect(readJourneyMap(JSON.stringify({ awareness: { targetConversion: 0.5 } })).awareness.targetConversion).toBe(0.5);
  });

  it("conversion is undefined over a zero volume", () => {
    expect(stageConversion("awareness", totals({ firstCheckouts: 3 }))).toBeNull();
    expect(stageConversion("advocacy", totals({ firstAdvocates: 3 }))).toBeNull();
  });
});
