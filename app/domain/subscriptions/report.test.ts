import { describe, expect, it } from "vitest";
import type { CustomerHistory } from "../types";
import type { DetectedSubscription } from "./detect-subscriptions";
import { buildSubscriptionReport } from "./report";

const TOKYO = "Asia/Tokyo";
const AS_OF = new Date("2026-06-30T03:00:00Z");
const at = (day: string) => new Date(`${day}T12:00:00+09:00`);
const id = (n: number) => `gid://shopify/Customer/${n}`;

let orderSeq = 0;
function history(n: number, days: string[], amount = 3000): CustomerHistory {
  return {
    customerId: id(n),
    createdAt: at(days[0]),
    orders: days.map((day) => ({
      id: `gid://shopify/Order/${++orderSeq}`,
      customerId: id(n),
      processedAt: at(day),
      totalPrice: amount,
      totalRefunded: 0,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
    })),
  };
}

function subscription(
  n: number,
  started: string,
  last: string,
  deliveries: number,
  state: DetectedSubscription["state"],
): DetectedSubscription {
  return {
    customerId: id(n),
    sellingPlanId: "gid://shopify/SellingPlan/2",
    startedAt: at(started),
    lastDeliveryAt: at(last),
    deliveries,
    intervalDays: 30,
    intervalSource: "observed",
    state,
    endReason: state === "ended" ? "cancelled" : null,
    nextDeliveryDeadline: new Date(at(last).getTime() + 45 * 86_400_000),
  };
}

// 1: a one-off order, a subscription 15 days later (5 deliveries, active); 2: one-off, subscribes after 50
// days (2 deliveries, cancelled); 3: one order; 4: starts as a subscriber (3 deliveries, cancelled);
// 5: a first order 10 days ago; 6: a subscriber who cancelled after the first delivery.
const histories = [
  history(1, ["2026-01-10", "2026-01-25", "2026-02-25", "2026-03-25", "2026-04-25", "2026-05-25"]),
  history(2, ["2026-01-10", "2026-03-01", "2026-04-01"]),
  history(3, ["2026-01-10"]),
  history(4, ["2026-02-01", "2026-03-01", "2026-04-01"]),
  history(5, ["2026-06-20"]),
  history(6, ["2026-05-01"]),
];
const subscriptions = [
  subscription(1, "2026-01-25", "2026-05-25", 5, "active"),
  subscription(2, "2026-03-01", "2026-04-01", 2, "ended"),
  subscription(4, "2026-02-01", "2026-04-01", 3, "ended"),
  subscription(6, "2026-05-01", "2026-05-01", 1, "ended"),
];

const report = buildSubscriptionReport({
  asOf: AS_OF,
  timeZone: TOKYO,
  subscriptions,
  subscriptionOrders: [],
  histories,
  stages: new Map([
    ["new", 2],
    ["regular", 1],
    ["dormant", 3],
    ["churned", 5],
  ]),
});

describe("the subscription KPIs on hand-built histories", () => {
  it("引上率: of the one-off first orders at least N days old, those who subscribed within N days — 1 of 3 in 30 days, 2 of 3 in 90", () => {
    expect(report.kpis.upgrade).toEqual([
      { days: 30, eligible: 3, upgraded: 1, rate: 1 / 3 },
      { days: 90, eligible: 3, upgraded: 2, rate: 2 / 3 },
    ]);
  });

  it("定期継続率: 4 subscribers, one leaves after each of deliveries 1, 2 and 3: 100 %, 75 %, 50 %, 25 %, 25 % (with how many made each delivery)", () => {
    expect(report.kpis.continuation.map((c) => [c.delivery, c.reach, c.atRisk])).toEqual([
      [1, 1, 4],
      [2, 0.75, 3],
      [3, 0.5, 2],
      [4, 0.25, 1],
      [5, 0.25, 1],
    ]);
  });

  it("F2転換率: 2 of 5 first-time buyers came back within 30 days, 3 of 4 within 90", () => {
    expect(report.kpis.f2.slice(0, 2)).toEqual([
      { days: 30, eligible: 5, converted: 2, rate: 0.4 },
      { days: 90, eligible: 4, converted: 3, rate: 0.75 },
    ]);
  });

  it("休眠率: dormant ÷ customers with an order who are not churned: 3 of 6", () => {
    expect(report.kpis.dormancy).toEqual({ dormant: 3, base: 6, rate: 0.5 });
  });

  it("1-year LTV of the January cohort: 3 customers, ¥30,000 realised (¥10,000 each), not yet complete", () => {
    expect(report.kpis.ltv[0]).toMatchObject({ cohort: "2026-01", customers: 3, realised: 10_000, complete: false });
  });

  it("monthly report: starts, ends when the next delivery was due, and active subscribers at each month's end", () => {
    const rows = Object.fromEntries(report.monthly.map((m) => [m.month, [m.started, m.ended, m.activeAtEnd]]));
    expect(rows["2026-01"]).toEqual([1, 0, 1]);
    expect(rows["2026-02"]).toEqual([1, 0, 2]);
    expect(rows["2026-03"]).toEqual([1, 0, 3]);
    // 2 and 4 (last delivery 1 April + 30 days) end in May, as does 6's (1 May + 30 days = 31 May)
    expect(rows["2026-05"]).toEqual([1, 3, 1]);
    expect(report.monthly.at(-1)!.month).toBe("2026-06");
  });
});
