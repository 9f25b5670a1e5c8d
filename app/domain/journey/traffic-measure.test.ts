import { describe, expect, it } from "vitest";
import { DEFAULT_JOURNEY_MAP } from "./journey-map";
import { EMPTY_TOTALS } from "./definitions";
import { summarizeJourney, type JourneyFigures } from "./funnel";
import { applyStageMeasure, chooseStageMeasure, type TrafficStatus } from "./traffic-measure";
import { CONVERTING_STAGES } from "./stages";

const period = { previousFrom: 1000, from: 1180, to: 1360 };
const yesterday = 1358;

const available = (firstDay: number, lastDay: number): Extract<TrafficStatus, { status: "available" }> => ({
  status: "available",
  checkedAt: "2026-12-07T00:00:00.000Z",
  firstDay,
  lastDay,
  current: { sessions: 12_000, cartSessions: 900, checkoutSessions: 400 },
  previous: { sessions: 10_000, cartSessions: 800, checkoutSessions: 500 },
  byChannel: [{ channel: "organic-search", sessions: 12_000, cartSessions: 900, checkoutSessions: 400 }],
});

function customersSummary() {
  const cohort = { reached: 100, eligible: 80, converted: 20 };
  const cohorts = Object.fromEntries(CONVERTING_STAGES.map((s) => [s, cohort])) as JourneyFigures["cohorts"]["current"];
  return summarizeJourney(
    {
      current: { ...EMPTY_TOTALS, newCustomers: 300, firstCheckouts: 150, firstOrders: 60 },
      previous: { ...EMPTY_TOTALS, newCustomers: 250, firstCheckouts: 140, firstOrders: 50 },
      cohorts: { current: cohorts, previous: cohorts, baseline: cohorts },
      stepValues: null,
      windows: { awareness: 30, consideration: 7, purchase: 90, retention: 90 },
      coverage: { previousDays: 180, baselineDays: 365 },
    },
    DEFAULT_JOURNEY_MAP,
    180,
    { advocacyCollected: true },
  );
}

describe("which measure awareness and consideration use", () => {
  it("sessions when they are available and cover the period up to yesterday", () => {
    expect(chooseStageMeasure(available(900, yesterday), period, yesterday)).toMatchObject({ measure: "sessions", previousCovered: true });
    expect(chooseStageMeasure(available(1100, yesterday), period, yesterday)).toMatchObject({
      measure: "sessions",
      previousCovered: false,
    });
  });

  it.each([
    ["never read", { status: "not-read" } as TrafficStatus, "not-read"],
    ["denied by Shopify", { status: "denied", checkedAt: "2026-12-07T00:00:00.000Z" } as TrafficStatus, "denied"],
    ["read from after the period's start", available(1181, yesterday), "not-covered"],
    ["read up to a day before yesterday", available(900, yesterday - 1), "not-covered"],
  ])("customers when the sessions were %s", (_what, traffic, reason) => {
    expect(chooseStageMeasure(traffic, period, yesterday)).toEqual({ measure: "customers", reason });
  });

  it("a past custom period needs sessions up to its own last day only", () => {
    expect(chooseStageMeasure(available(900, 1200), { previousFrom: 1100, from: 1150, to: 1201 }, yesterday).measure).toBe("sessions");
  });
});

describe("the journey with sessions", () => {
  it("awareness is sessions and consideration sessions that reached checkout; the steps stay the customers' cohort ratios", () => {
    const customers = customersSummary();
    const traffic = available(900, yesterday);
    const summary = applyStageMeasure(customers, chooseStageMeasure(traffic, period, yesterday), traffic);
    const [awareness, consideration, purchase] = summary.stages;
    expect(awareness).toMatchObject({
      volumeKpi: "sessions",
      volume: 12_000,
      previousVolume: 10_000,
      volumeChange: 0.2,
      targetVolume: null,
    });
    expect(consideration).toMatchObject({ volumeKpi: "checkoutSessions", volume: 400, previousVolume: 500, volumeChange: -0.2 });
    expect(consideration!.kpis.map((k) => k.id)).toEqual([
      "checkoutSessions",
      "cartSessions",
      "firstCheckouts",
      "abandonedCheckouts",
      "checkoutRecoveryRate",
    ]);
    // the conversions are the customers' (20 of 80), never sessions divided by customers
    expect(awareness!.step).toEqual(customers.stages[0]!.step);
    expect(consideration!.step!.conversion).toBe(0.25);
    expect(purchase).toEqual(customers.stages[2]);
    expect(summary.bottleneck).toEqual(customers.bottleneck);
  });

  it("no trend against a previous period the sessions do not cover", () => {
    const traffic = available(1100, yesterday);
    const summary = applyStageMeasure(customersSummary(), chooseStageMeasure(traffic, period, yesterday), traffic);
    expect(summary.stages[0]).toMatchObject({ volume: 12_000, volumeChange: null });
    expect(summary.stages[0]!.kpis[0]).toEqual({ id: "sessions", format: "count", value: 12_000, previous: null });
  });

  it("without sessions the summary is the customers' one, unchanged", () => {
    const customers = customersSummary();
    expect(applyStageMeasure(customers, { measure: "customers", reason: "denied" }, { status: "denied", checkedAt: "x" })).toBe(customers);
    expect(customers.stages[0]).toMatchObject({ volumeKpi: "newCustomers", volume: 300 });
  });
});
