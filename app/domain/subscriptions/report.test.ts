import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, sampleBeta } from "../clv/simulate";
import type { CustomerHistory } from "../types";
import type { DetectedSubscription } from "./detect-subscriptions";
import { buildSubscriptionReport, storedSubscriptionReport } from "./report";

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
    expect(report.kpis.continuationFrom).toBe(1);
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

describe("the deliveries' revenue, each delivery valued by its own order", () => {
  // Customer 1's five deliveries (orders 2–6 of its history, 25 Jan – 25 May): the March one fully
  // refunded, the April one cancelled as a subscription order; the May delivery's order is held in
  // another customer's history (the order moved to a merged customer after it was read as a delivery).
  const own = history(11, ["2026-01-10", "2026-01-25", "2026-02-25", "2026-03-25", "2026-04-25"], 3000);
  own.orders[3].totalRefunded = 3000;
  const moved = history(12, ["2026-05-25"], 3500);
  const delivery = (orderId: string, processedAt: Date, cancelled = false) => ({
    orderId,
    customerId: id(11),
    processedAt,
    sellingPlanIds: ["gid://shopify/SellingPlan/2"],
    sourceName: null,
    cancelled,
  });
  const deliveries = [
    ...own.orders.slice(1).map((o, i) => delivery(o.id, o.processedAt, i === 3)),
    delivery(moved.orders[0].id, moved.orders[0].processedAt),
  ];
  const input = {
    asOf: AS_OF,
    timeZone: TOKYO,
    subscriptions: [subscription(11, "2026-01-25", "2026-05-25", 5, "active")],
    subscriptionOrders: deliveries,
    histories: [own, moved],
    stages: new Map(),
  };
  const revenueReport = buildSubscriptionReport(input);
  const month = (m: string) => revenueReport.monthly.find((row) => row.month === m)!;

  it("counts a delivery whose order qualifies at its net, and neither a refunded nor a cancelled one", () => {
    expect([month("2026-01"), month("2026-02"), month("2026-03"), month("2026-04")].map((m) => [m.deliveries, m.revenue])).toEqual([
      [1, 3000],
      [1, 3000],
      [0, 0],
      [0, 0],
    ]);
  });

  it("finds a delivery's order in another customer's history: ¥3,500 in May, and ¥9,500 over 5 deliveries (¥1,900 each)", () => {
    expect([month("2026-05").deliveries, month("2026-05").revenue]).toEqual([1, 3500]);
    expect(revenueReport.byPlan[0].fit.meanDeliveryValue).toBe(1900);
  });

  it("is the same report whatever order the histories and the deliveries are held in", () => {
    const reordered = <T>(items: readonly T[]) => fc.shuffledSubarray([...items], { minLength: items.length });
    fc.assert(
      fc.property(reordered(deliveries), reordered(own.orders), fc.boolean(), (subscriptionOrders, ownOrders, movedFirst) => {
        const histories = [{ ...own, orders: ownOrders }, moved];
        const shuffled = buildSubscriptionReport({ ...input, subscriptionOrders, histories: movedFirst ? histories.reverse() : histories });
        expect(shuffled).toEqual(revenueReport);
      }),
      { numRuns: 50 },
    );
  });
});

describe("the retention model of subscribers counted from their second delivery", () => {
  // Subscribers found from their orders: θ ~ Beta(1, 3), and nobody who left after one delivery is seen.
  const random = createRandom(11);
  const seen: DetectedSubscription[] = [];
  for (let n = 0; seen.length < 3_000; n++) {
    const churn = sampleBeta(random, 1, 3);
    let t = 1;
    while (t < 8 && random.uniform() >= churn) t++;
    if (t > 1) seen.push(subscription(1000 + n, "2026-01-05", "2026-06-05", t, t === 8 ? "active" : "ended"));
  }
  const truncated = buildSubscriptionReport({
    asOf: AS_OF,
    timeZone: TOKYO,
    subscriptions: seen,
    subscriptionOrders: [],
    histories: [],
    stages: new Map(),
  });
  const [plan] = truncated.byPlan;

  it("says so, and draws the fitted reach on the table's own base: everyone reached deliveries 1 and 2", () => {
    expect(plan.fit.ok).toBe(true);
    expect(plan.fit.firstObservedDelivery).toBe(2);
    expect(plan.reach.slice(0, 2)).toEqual([1, 1]);
    expect(plan.fit.fitted.slice(0, 2)).toEqual([1, 1]);
    plan.reach.forEach((reach, k) => expect(Math.abs(plan.fit.fitted[k] - reach)).toBeLessThan(0.02));
  });

  it("shows no continuation to delivery 2 on the KPI cards: nobody could be seen leaving before it", () => {
    expect(truncated.kpis.continuationFrom).toBe(2);
    expect(truncated.kpis.continuation.slice(0, 3).map((c) => c.reach === null)).toEqual([false, true, false]);
    expect(truncated.kpis.continuation[2].reach).toBeCloseTo(plan.reach[2], 12);
  });

  it("projects the coming deliveries from where the table ends, not from a first delivery nobody was seen at", () => {
    const last = plan.reach.at(-1)!;
    expect(plan.fit.projected[0]).toBeLessThan(last);
    // Those left are the loyal ones: the next step keeps most of them (r(t) rises with t).
    expect(plan.fit.projected[0]).toBeGreaterThan(0.85 * last);
  });
});

describe("the retention table of a plan whose subscribers started in different months", () => {
  // θ ~ Beta(1, 3), monthly deliveries, starts spread over six months: by 30 June the January starters could
  // have had 6 deliveries and the June starters 1, so most of those still subscribed are not yet due their next.
  const random = createRandom(5);
  const starts = ["2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05", "2026-05-05", "2026-06-05"];
  const subscribers: DetectedSubscription[] = Array.from({ length: 3_000 }, (_, n) => {
    const possible = 6 - (n % 6);
    const churn = sampleBeta(random, 1, 3);
    // Steps 1…possible − 1 are decided; whether the last one reached goes on is not known yet.
    let t = 1;
    while (t < possible && random.uniform() >= churn) t++;
    const ended = t < possible;
    return subscription(5000 + n, starts[n % 6], "2026-06-05", t, ended ? "ended" : "active");
  });
  const [plan] = buildSubscriptionReport({
    asOf: AS_OF,
    timeZone: TOKYO,
    subscriptions: subscribers,
    subscriptionOrders: [],
    histories: [],
    stages: new Map(),
  }).byPlan;

  it("reads the same reach as the sBG fit of the same lifetimes, and as the true survival S(t) = B(α, β + t)/B(α, β)", () => {
    if (!plan.fit.ok) throw new Error("the plan did not fit");
    // True S(1…5) for α = 1, β = 3: β/(α + β + t − 1) products = 3/4, 3/5, 1/2, 3/7, 3/8.
    const trueReach = [1, 0.75, 0.6, 0.5, 3 / 7, 0.375];
    plan.reach.forEach((reach, k) => {
      expect(Math.abs(plan.fit.fitted[k] - reach)).toBeLessThan(0.02);
      expect(Math.abs(trueReach[k] - reach)).toBeLessThan(0.04);
    });
  });

  it("projects the next delivery from the table's last reach by the model's retention rate r(t) = (β + t − 1)/(α + β + t − 1)", () => {
    const { alpha, beta } = plan.fit;
    if (alpha === null || beta === null) throw new Error("the plan did not fit");
    const last = plan.reach.length - 1;
    const rate = (beta + last) / (alpha + beta + last);
    expect(plan.fit.projected[0]).toBeCloseTo(plan.reach[last] * rate, 12);
    expect(plan.fit.projectedFromDelivery).toBe(7);
  });
});

describe("the report as stored for the pages", () => {
  const stored = storedSubscriptionReport(report);
  const rows = [...stored.byCohort, ...stored.byPlan];

  it("leaves out the rows' at-risk counts, step retention and fitted curve, which no page shows", () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => "atRisk" in row || "stepRetention" in row || "fitted" in row.fit)).toEqual([]);
  });

  it("keeps everything else as built: with those put back it is the report", () => {
    const putBack = (built: typeof report.byCohort) => (row: (typeof stored.byCohort)[number], i: number) => ({
      ...row,
      atRisk: built[i].atRisk,
      stepRetention: built[i].stepRetention,
      fit: { ...row.fit, fitted: built[i].fit.fitted },
    });
    expect({
      ...stored,
      byCohort: stored.byCohort.map(putBack(report.byCohort)),
      byPlan: stored.byPlan.map(putBack(report.byPlan)),
    }).toEqual(report);
  });
});
