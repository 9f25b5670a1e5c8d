import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EMPTY_TOTALS, addTotals, type JourneyTotals, type StepCohorts } from "./definitions";
import { findBottleneck, summarizeJourney, type JourneyFigures } from "./funnel";
import { DEFAULT_JOURNEY_MAP, DEFAULT_WINDOW_DAYS, parseJourneyMapInput, readJourneyMap, type JourneyMap } from "./journey-map";
import { stepValue } from "./step-value";
import { countDailyJourney } from "./stage-arrivals";
import { resolvePeriod, periodDates } from "./period";
import { JOURNEY_STAGES } from "./stages";
import { parseLocalDate } from "../calendar";

const totals = (values: Partial<JourneyTotals>): JourneyTotals => addTotals(EMPTY_TOTALS, values);
const cohort = (reached: number, eligible: number, converted: number) => ({ reached, eligible, converted });
const noCohorts = (): StepCohorts => ({
  awareness: cohort(0, 0, 0),
  consideration: cohort(0, 0, 0),
  purchase: cohort(0, 0, 0),
  retention: cohort(0, 0, 0),
});
const value = (v: number) => ({ value: v, customers: 100, horizonDays: 365 });
const figures = (over: Partial<JourneyFigures> = {}): JourneyFigures => ({
  current: EMPTY_TOTALS,
  previous: EMPTY_TOTALS,
  cohorts: { current: noCohorts(), previous: noCohorts(), baseline: noCohorts() },
  stepValues: null,
  windows: DEFAULT_WINDOW_DAYS,
  coverage: { previousDays: 365, baselineDays: 365 },
  ...over,
});

describe("journey funnel", () => {
  it("an empty shop has zero volumes, no conversions and no bottleneck", () => {
    const summary = summarizeJourney(figures(), DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: true });
    expect(summary.stages.map((s) => s.volume)).toEqual([0, 0, 0, 0, 0]);
    expect(summary.stages.map((s) => s.step?.conversion ?? null)).toEqual([null, null, null, null, null]);
    expect(summary.stages.map((s) => s.volumeChange)).toEqual([null, null, null, null, null]);
    expect(summary.bottleneck).toBeNull();
    expect(summary.previousHasData).toBe(false);
    expect(summary.stages[4].kpis.find((k) => k.id === "nps")!.value).toBeNull();
  });

  // A hand-built JPY shop. Against the store's own baseline (the 12 months before the period):
  //   awareness → consideration  90/180 = 50.0 % vs 250/400 = 62.5 %: 112.5 − 90 = 22.5 short × ¥1,000  =  ¥22,500
  //   consideration → purchase   27/90  = 30.0 % vs 150/300 = 50.0 %:  45 − 27   = 18 short   × ¥5,000  =  ¥90,000
  //   purchase → retention (F2)  10/40  = 25.0 % vs 75/200  = 37.5 %:  15 − 10   = 5 short    × ¥20,000 = ¥100,000
  //   retention → advocacy        3/10  = 30.0 % vs the merchant's 20 %: target met, nothing at stake
  // The bottleneck is F2 — not consideration, although its conversion is further below its target.
  const shop = figures({
    current: totals({ newCustomers: 200, firstCheckouts: 100, firstOrders: 50, secondOrders: 12 }),
    previous: totals({ newCustomers: 100 }),
    cohorts: {
      current: {
        awareness: cohort(200, 180, 90),
        consideration: cohort(100, 90, 27),
        purchase: cohort(50, 40, 10),
        retention: cohort(12, 10, 3),
      },
      previous: { awareness: cohort(100, 100, 60), consideration: cohort(0, 0, 0), purchase: cohort(0, 0, 0), retention: cohort(0, 0, 0) },
      baseline: {
        awareness: cohort(400, 400, 250),
        consideration: cohort(300, 300, 150),
        purchase: cohort(200, 200, 75),
        retention: cohort(10, 10, 1),
      },
    },
    stepValues: { awareness: value(1_000), consideration: value(5_000), purchase: value(20_000), retention: value(50_000) },
  });
  const map: JourneyMap = { ...DEFAULT_JOURNEY_MAP, retention: { ...DEFAULT_JOURNEY_MAP.retention, targetConversion: 0.2 } };

  it("puts the bottleneck where the most money is at stake, with exact amounts", () => {
    const summary = summarizeJourney(shop, map, 180, { advocacyCollected: true });
    const steps = Object.fromEntries(summary.stages.map((s) => [s.stage, s.step]));
    expect(steps.awareness).toMatchObject({
      conversion: 0.5,
      stillOpen: 20,
      target: { conversion: 0.625, source: "baseline" },
      lostCustomers: 22.5,
      moneyAtStake: 22_500,
    });
    expect(steps.consideration).toMatchObject({
      conversion: 0.3,
      target: { conversion: 0.5, source: "baseline" },
      lostCustomers: 18,
      moneyAtStake: 90_000,
    });
    expect(steps.purchase).toMatchObject({
      conversion: 0.25,
      stillOpen: 10,
      windowDays: 90,
      target: { conversion: 0.375, source: "baseline" },
      lostCustomers: 5,
      moneyAtStake: 100_000,
    });
    expect(steps.retention).toMatchObject({
      conversion: 0.3,
      target: { conversion: 0.2, source: "merchant" },
      lostCustomers: 0,
      moneyAtStake: 0,
    });
    expect(steps.advocacy).toBeNull();
    expect(summary.bottleneck).toMatchObject({
      stage: "purchase",
      moneyAtStake: 100_000,
      lostCustomers: 5,
      conversion: 0.25,
      windowDays: 90,
      cohort: { eligible: 40, converted: 10 },
    });
  });

  it("compares with the previous period only where it has data", () => {
    const summary = summarizeJourney(shop, map, 180, { advocacyCollected: true });
    expect(summary.previousHasData).toBe(true);
    expect(summary.stages[0]).toMatchObject({ volume: 200, previousVolume: 100, volumeChange: 1 });
    expect(summary.stages[0].step).toMatchObject({ previousConversion: 0.6 });
    expect(summary.stages[0].step!.conversionChange).toBeCloseTo(-0.1, 12);
    // No consideration cohort in the previous period: no previous conversion.
    expect(summary.stages[1].step).toMatchObject({ previousConversion: null, conversionChange: null });

    const noPrevious = summarizeJourney(
      { ...shop, previous: EMPTY_TOTALS, cohorts: { ...shop.cohorts, previous: noCohorts() } },
      map,
      180,
      { advocacyCollected: true },
    );
    expect(noPrevious.previousHasData).toBe(false);
    // A store whose data begins inside the previous period: no comparison either (a partial period would read +400 %).
    expect(
      summarizeJourney({ ...shop, coverage: { previousDays: 10, baselineDays: 10 } }, map, 180, { advocacyCollected: true })
        .previousHasData,
    ).toBe(false);
    expect(noPrevious.stages.map((s) => s.volumeChange)).toEqual([null, null, null, null, null]);
    expect(noPrevious.stages.flatMap((s) => s.kpis.map((k) => k.previous)).every((p) => p === null)).toBe(true);
  });

  it("a merchant's target replaces the baseline; without either there is no money at stake", () => {
    const withTarget = summarizeJourney(shop, { ...map, purchase: { ...map.purchase, targetConversion: 0.25 } }, 180, {
      advocacyCollected: true,
    });
    expect(withTarget.stages[2].step).toMatchObject({ target: { conversion: 0.25, source: "merchant" }, moneyAtStake: 0 });
    expect(withTarget.bottleneck?.stage).toBe("consideration");
    const noBaseline = summarizeJourney({ ...shop, cohorts: { ...shop.cohorts, baseline: noCohorts() } }, DEFAULT_JOURNEY_MAP, 180, {
      advocacyCollected: true,
    });
    expect(noBaseline.stages.map((s) => s.step?.target ?? null)).toEqual([null, null, null, null, null]);
    expect(noBaseline.bottleneck).toBeNull();
    // Under 90 days of history before the period is no baseline; 90 days is one.
    const short = (baselineDays: number) =>
      summarizeJourney({ ...shop, coverage: { previousDays: 365, baselineDays } }, DEFAULT_JOURNEY_MAP, 180, { advocacyCollected: true });
    expect(short(89).stages[2].step!.target).toBeNull();
    expect(short(90).stages[2].step!.baseline).toEqual({ conversion: 0.375, eligible: 200, days: 90 });
  });

  it("without step values (before the first computation) there is no money and no bottleneck", () => {
    const summary = summarizeJourney({ ...shop, stepValues: null }, map, 180, { advocacyCollected: true });
    expect(summary.stages[2].step).toMatchObject({ lostCustomers: 5, moneyAtStake: null });
    expect(summary.bottleneck).toBeNull();
  });

  it("no conversion exceeds 100 % and no money at stake is negative, whatever the counts", () => {
    const arbCohort = fc
      .tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000))
      .map(([a, b, c]) => [a, b, c].sort((x, y) => y - x))
      .map(([reached, eligible, converted]) => cohort(reached, eligible, converted));
    const arbCohorts = fc.record({ awareness: arbCohort, consideration: arbCohort, purchase: arbCohort, retention: arbCohort });
    const arbTarget = fc.option(fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(
        arbCohorts,
        arbCohorts,
        arbCohorts,
        fc.tuple(arbTarget, arbTarget, arbTarget, arbTarget),
        (current, previous, baseline, targets) => {
          const custom: JourneyMap = { ...DEFAULT_JOURNEY_MAP };
          (["awareness", "consideration", "purchase", "retention"] as const).forEach(
            (stage, i) => (custom[stage] = { ...custom[stage], targetConversion: targets[i] }),
          );
          const summary = summarizeJourney(
            figures({
              cohorts: { current, previous, baseline },
              stepValues: { awareness: value(1), consideration: value(2), purchase: value(3), retention: value(4) },
            }),
            custom,
            90,
            { advocacyCollected: true },
          );
          for (const s of summary.stages) {
            if (!s.step) continue;
            if (s.step.conversion !== null && (s.step.conversion > 1 || s.step.conversion < 0)) return false;
            if (s.step.moneyAtStake !== null && s.step.moneyAtStake < 0) return false;
            if (s.step.stillOpen + s.step.cohort.eligible !== s.step.cohort.reached) return false;
          }
          const b = summary.bottleneck;
          const most = Math.max(0, ...summary.stages.map((s) => s.step?.moneyAtStake ?? 0));
          return b === null ? most === 0 : b.moneyAtStake === most && b.conversion < b.target.conversion;
        },
      ),
    );
  });
});

describe("advocacy not collected yet", () => {
  it("leaves the conversion into advocacy out instead of calling it 0 %, so it is never the bottleneck", () => {
    const shop = figures({
      cohorts: {
        current: { ...noCohorts(), retention: cohort(10, 10, 0) },
        previous: noCohorts(),
        baseline: { ...noCohorts(), retention: cohort(10, 10, 5) },
      },
      stepValues: { awareness: value(1), consideration: value(1), purchase: value(1), retention: value(1) },
    });
    expect(summarizeJourney(shop, DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: false }).stages[3].step).toBeNull();
    expect(summarizeJourney(shop, DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: false }).bottleneck).toBeNull();
    expect(summarizeJourney(shop, DEFAULT_JOURNEY_MAP, 30, { advocacyCollected: true }).bottleneck).toMatchObject({
      stage: "retention",
      lostCustomers: 5,
    });
  });
});

describe("bottleneck", () => {
  it("on a tie of money the earlier stage is the bottleneck", () => {
    const step = (moneyAtStake: number) =>
      ({
        moneyAtStake,
        lostCustomers: 1,
        conversion: 0.1,
        target: { conversion: 0.2, source: "baseline" as const },
        value: value(moneyAtStake),
        cohort: cohort(1, 1, 0),
        windowDays: 30,
      }) as never;
    expect(
      findBottleneck([
        { stage: "consideration", step: step(500) },
        { stage: "purchase", step: step(500) },
      ])?.stage,
    ).toBe("consideration");
    expect(
      findBottleneck([
        { stage: "consideration", step: step(500) },
        { stage: "purchase", step: step(501) },
      ])?.stage,
    ).toBe("purchase");
  });
});

describe("daily journey counts", () => {
  const windows = { awareness: 30, consideration: 30, purchase: 90, retention: 90 };
  const orders = (...list: [string, number][]) => list.map(([at, amount]) => ({ at: new Date(at), amount }));

  it("counts each customer once per stage, on the shop-local day of the first event", () => {
    // 23:30 UTC on 1 Nov is 08:30 on 2 Nov in Tokyo.
    const { days } = countDailyJourney(
      [
        {
          createdAt: new Date("2026-11-01T23:30:00Z"),
          firstAbandonedCheckoutAt: null,
          firstAdvocacyAt: null,
          qualifyingOrders: orders(["2026-11-05T01:00:00Z", 10], ["2026-11-03T01:00:00Z", 10], ["2026-11-09T01:00:00Z", 10]),
        },
        {
          createdAt: new Date("2026-11-02T01:00:00Z"),
          firstAbandonedCheckoutAt: new Date("2026-11-04T01:00:00Z"),
          firstAdvocacyAt: null,
          qualifyingOrders: [],
        },
      ],
      [{ createdAt: new Date("2026-11-04T01:00:00Z"), recovered: false }],
      "Asia/Tokyo",
      { windows, asOfDay: parseLocalDate("2026-11-30")! },
    );
    const day = (iso: string) => days.get(parseLocalDate(iso)!);
    expect(day("2026-11-02")).toMatchObject({ newCustomers: 2, awarenessConverted: 2 });
    expect(day("2026-11-03")).toMatchObject({ firstCheckouts: 1, firstOrders: 1, considerationConverted: 1, purchaseConverted: 1 });
    expect(day("2026-11-04")).toMatchObject({ firstCheckouts: 1, abandonedCheckouts: 1, recoveredCheckouts: 0, considerationConverted: 0 });
    expect(day("2026-11-05")).toMatchObject({ secondOrders: 1, repeatOrders: 1, retentionConverted: 0 });
    expect(day("2026-11-09")).toMatchObject({ secondOrders: 0, repeatOrders: 1 });
  });

  it("a step converts within its window only, counted on the day the customer reached the stage", () => {
    const { days, stepValues } = countDailyJourney(
      [
        // first order 1 Jan, second 1 Apr (90 days): F2 within 90 days; then a review on 1 Jul (91 days after the second): not advocacy within 90.
        {
          createdAt: new Date("2026-01-01T10:00:00Z"),
          firstAbandonedCheckoutAt: null,
          firstAdvocacyAt: new Date("2026-07-01T10:00:00Z"),
          qualifyingOrders: orders(["2026-01-01T10:00:00Z", 100], ["2026-04-01T10:00:00Z", 300]),
        },
        // first order 1 Jan, second 2 Apr (91 days): not F2 within 90.
        {
          createdAt: new Date("2026-01-01T11:00:00Z"),
          firstAbandonedCheckoutAt: null,
          firstAdvocacyAt: null,
          qualifyingOrders: orders(["2026-01-01T11:00:00Z", 200], ["2026-04-02T11:00:00Z", 500]),
        },
      ],
      [],
      "UTC",
      { windows, asOfDay: parseLocalDate("2026-12-31")! },
    );
    expect(days.get(parseLocalDate("2026-01-01")!)).toMatchObject({ firstOrders: 2, purchaseConverted: 1 });
    expect(days.get(parseLocalDate("2026-04-01")!)).toMatchObject({ secondOrders: 1, retentionConverted: 0 });
    // Both reached retention in April: (300 + 500) / 2 on that day, observed for 275 days to 31 Dec.
    expect(stepValues.purchase).toEqual({ value: 400, customers: 2, horizonDays: 275 });
    // Reaching purchase: everything both spent, (100 + 300 + 200 + 500) / 2.
    expect(stepValues.consideration).toEqual({ value: 550, customers: 2, horizonDays: 365 });
  });

  it("a stage never has more arrivals than the stage before it, and a step never more conversions than arrivals", () => {
    const arbCustomer = fc.record({
      createdAt: fc.integer({ min: 0, max: 1000 }),
      abandonedAfter: fc.option(fc.integer({ min: 0, max: 100 })),
      orderGaps: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }),
      advocacyAfter: fc.option(fc.integer({ min: 0, max: 3000 })),
    });
    fc.assert(
      fc.property(fc.array(arbCustomer, { maxLength: 30 }), (customers) => {
        const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000);
        const { days } = countDailyJourney(
          customers.map((c) => ({
            createdAt: at(c.createdAt),
            firstAbandonedCheckoutAt: c.abandonedAfter === null ? null : at(c.createdAt + c.abandonedAfter),
            qualifyingOrders: c.orderGaps.map((gap, i) => ({ at: at(c.createdAt + gap + i), amount: 1 })),
            firstAdvocacyAt: c.advocacyAfter === null ? null : at(c.createdAt + c.advocacyAfter),
          })),
          [],
          "UTC",
          { windows, asOfDay: 30_000 },
        );
        const sum: Record<string, number> = {};
        for (const row of days.values()) for (const [key, n] of Object.entries(row)) sum[key] = (sum[key] ?? 0) + n;
        if (customers.length === 0) return days.size === 0;
        return (
          sum.newCustomers === customers.length &&
          sum.firstCheckouts <= sum.newCustomers &&
          sum.firstOrders <= sum.firstCheckouts &&
          sum.secondOrders <= sum.firstOrders &&
          sum.awarenessConverted <= sum.newCustomers &&
          sum.considerationConverted <= sum.firstCheckouts &&
          sum.purchaseConverted <= sum.firstOrders &&
          sum.retentionConverted <= sum.secondOrders
        );
      }),
    );
  });
});

describe("step value", () => {
  it("averages revenue per day over the customers observed that day", () => {
    // A reached the step on day 0 and is observed 10 days: 100 on day 0, 50 on day 5.
    // B reached it on day 5, observed 5 days (to the as-of day 9): 40 on its day 0.
    // Day 0: (100 + 40) / 2 customers; day 5: 50 / 1 (only A is observed that long) → 70 + 50 = 120.
    const result = stepValue(
      [
        {
          reachedDay: 0,
          orders: [
            { day: 0, amount: 100 },
            { day: 5, amount: 50 },
          ],
        },
        { reachedDay: 5, orders: [{ day: 5, amount: 40 }] },
        { reachedDay: 12, orders: [{ day: 12, amount: 999 }] }, // after the as-of day: not counted
      ],
      9,
      10,
    );
    expect(result).toEqual({ value: 120, customers: 2, horizonDays: 10 });
  });

  it("stops where fewer than a fifth of the customers are still observed", () => {
    // Ten customers reached the step on day 90 (observed 10 days to day 99), one on day 0 (observed 100 days).
    const late = Array.from({ length: 10 }, () => ({ reachedDay: 90, orders: [{ day: 90, amount: 10 }] }));
    const early = {
      reachedDay: 0,
      orders: [
        { day: 0, amount: 10 },
        { day: 50, amount: 1_000 },
      ],
    };
    // Days 0–9: all 11 observed, 110 / 11 = 10 on day 0. Day 10 on: 1 of 11 observed (< 20 %): stop.
    expect(stepValue([...late, early], 99)).toEqual({ value: 10, customers: 11, horizonDays: 10 });
  });

  it("a shop with a shorter history reaches only as far as it has data", () => {
    expect(stepValue([{ reachedDay: 0, orders: [{ day: 3, amount: 10 }] }], 99)).toEqual({ value: 10, customers: 1, horizonDays: 100 });
    expect(stepValue([], 99)).toEqual({ value: 0, customers: 0, horizonDays: 0 });
  });
});

describe("period", () => {
  const now = new Date("2026-11-23T20:00:00Z"); // 24 Nov 05:00 in Tokyo

  it("the last 30 days end today in the shop's time zone, and the previous 30 days precede them", () => {
    const result = resolvePeriod({ preset: "30" }, now, "Asia/Tokyo");
    if (!result.ok) throw new Error(result.error);
    expect(periodDates(result.period)).toEqual({
      from: "2026-10-26",
      to: "2026-11-24",
      previousFrom: "2026-09-26",
      previousTo: "2026-10-25",
      baselineFrom: "2025-10-26",
    });
  });

  it("a custom range includes both ends; bad or reversed dates are refused", () => {
    const result = resolvePeriod({ from: "2026-01-01", to: "2026-01-31" }, now, "UTC");
    expect(result.ok && result.period.days).toBe(31);
    expect(resolvePeriod({ from: "2026-02-30", to: "2026-03-01" }, now, "UTC")).toEqual({ ok: false, error: "badDate" });
    expect(resolvePeriod({ from: "2026-03-01", to: "2026-02-01" }, now, "UTC")).toEqual({ ok: false, error: "endBeforeStart" });
    expect(resolvePeriod({ from: "2000-01-01", to: "2026-02-01" }, now, "UTC")).toEqual({ ok: false, error: "tooLong" });
  });

  it("an unknown preset falls back to 180 days, and the baseline is the 365 days before the period", () => {
    const result = resolvePeriod({ preset: "7" }, now, "UTC");
    expect(result.ok && result.period.days).toBe(180);
    if (!result.ok) throw new Error(result.error);
    expect(periodDates(result.period)).toMatchObject({ from: "2026-05-28", to: "2026-11-23", baselineFrom: "2025-05-28" });
  });
});

describe("journey map", () => {
  it("stores percent targets as shares and refuses out-of-range values", () => {
    const input = Object.fromEntries(
      JOURNEY_STAGES.map((s) => [s, { objective: " Be found ", targetConversionPercent: "40", targetVolumePer30Days: "" }]),
    ) as Parameters<typeof parseJourneyMapInput>[0];
    const parsed = parseJourneyMapInput(input);
    expect(parsed.ok && parsed.map.awareness).toEqual({
      objective: "Be found",
      callToAction: null,
      targetConversion: 0.4,
      windowDays: 30,
      targetVolumePer30Days: null,
    });
    expect(parsed.ok && parsed.map.advocacy.targetConversion).toBeNull();
    const bad = parseJourneyMapInput({
      ...input,
      purchase: { targetConversionPercent: "140", windowDays: "0", targetVolumePer30Days: "2.5", objective: "x".repeat(501) },
    });
    expect(bad.ok ? [] : bad.errors).toEqual([
      { stage: "purchase", field: "objective", problem: "tooLong" },
      { stage: "purchase", field: "targetConversion", problem: "notAPercent" },
      { stage: "purchase", field: "windowDays", problem: "notAWindow" },
      { stage: "purchase", field: "targetVolumePer30Days", problem: "notACount" },
    ]);
  });

  it("unreadable stored JSON falls back to the defaults", () => {
    expect(readJourneyMap("{not json")).toEqual(DEFAULT_JOURNEY_MAP);
    expect(readJourneyMap(JSON.stringify({ awareness: { targetConversion: 0.5 } })).awareness.targetConversion).toBe(0.5);
  });

  it("a window is whole days from 1 to 365; empty means the default", () => {
    const input = Object.fromEntries(JOURNEY_STAGES.map((s) => [s, { windowDays: "" }])) as Parameters<typeof parseJourneyMapInput>[0];
    const parsed = parseJourneyMapInput({ ...input, purchase: { windowDays: "60" } });
    expect(parsed.ok && [parsed.map.awareness.windowDays, parsed.map.purchase.windowDays, parsed.map.advocacy.windowDays]).toEqual([
      30,
      60,
      null,
    ]);
    for (const bad of ["366", "1.5", "x", "-1"]) expect(parseJourneyMapInput({ ...input, purchase: { windowDays: bad } }).ok).toBe(false);
  });
});
