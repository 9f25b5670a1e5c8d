import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { startOfLocalDay } from "./calendar";
import {
  classifyCustomer,
  classifyCustomers,
  classifyLifecycle,
  classifyShop,
  computeVipCut,
  isQualifyingOrder,
  netAmount,
  summarizeCustomer,
  type CustomerSegmentation,
} from "./lifecycle";
import { LIFECYCLE_RULES, type LifecycleRules } from "./lifecycle-rules";
import { LIFECYCLE_STAGES, type CustomerHistory, type LifecycleStage, type OrderFact } from "./types";

// ---------------------------------------------------------------------------------------------------
// builders

const TOKYO = "Asia/Tokyo";
/** 2025-06-30 12:00 in Tokyo (03:00 UTC) */
const AS_OF = new Date("2025-06-30T03:00:00Z");
const ctx = { asOf: AS_OF, timeZone: TOKYO };

let orderSeq = 0;
function buildOrder(overrides: Partial<OrderFact> & { customerId: string | null }): OrderFact {
  orderSeq += 1;
  return {
    id: `gid://shopify/Order/${orderSeq}`,
    processedAt: new Date("2025-06-01T03:00:00Z"),
    totalPrice: 4800,
    totalRefunded: 0,
    cancelled: false,
    test: false,
    financialStatus: "PAID",
    ...overrides,
  };
}

/** An instant on the Tokyo calendar date `daysAgo` days before AS_OF's date, at hh:mm Tokyo time. */
function tokyoDaysAgo(daysAgo: number, hh = 12, mm = 0): Date {
  const asOfStart = startOfLocalDay("2025-06-30", TOKYO).getTime();
  return new Date(asOfStart - daysAgo * 86_400_000 + (hh * 60 + mm) * 60_000); // Tokyo has no DST
}

function customer(customerId: string, orders: Array<Partial<OrderFact>>): CustomerHistory {
  return {
    customerId,
    createdAt: new Date("2020-01-01T00:00:00Z"),
    orders: orders.map((o) => buildOrder({ customerId, ...o })),
  };
}

/** one customer with orders `daysAgo` (Tokyo calendar days) each of `amount` */
function buyer(customerId: string, daysAgo: number[], amount = 4800): CustomerHistory {
  return customer(
    customerId,
    daysAgo.map((d) => ({ processedAt: tokyoDaysAgo(d), totalPrice: amount })),
  );
}

function stagesOf(histories: CustomerHistory[], rules: LifecycleRules = LIFECYCLE_RULES, context = ctx) {
  const result = classifyCustomers(histories, rules, context);
  return Object.fromEntries([...result].map(([id, s]) => [id, s.stage]));
}

function stageOf(history: CustomerHistory, rules: LifecycleRules = LIFECYCLE_RULES, context = ctx) {
  return classifyCustomers([history], rules, context).get(history.customerId)!;
}

// ---------------------------------------------------------------------------------------------------

describe("qualifying orders", () => {
  const o = (overrides: Partial<OrderFact>) => buildOrder({ customerId: "c", ...overrides });

  it("a paid order qualifies", () => {
    expect(isQualifyingOrder(o({}))).toBe(true);
  });

  it("test orders, cancelled orders, REFUNDED and VOIDED orders do not qualify", () => {
    expect(isQualifyingOrder(o({ test: true }))).toBe(false);
    expect(isQualifyingOrder(o({ cancelled: true }))).toBe(false);
    expect(isQualifyingOrder(o({ financialStatus: "REFUNDED", totalRefunded: 0 }))).toBe(false);
    expect(isQualifyingOrder(o({ financialStatus: "VOIDED" }))).toBe(false);
    expect(isQualifyingOrder(o({ financialStatus: "voided" }))).toBe(false);
  });

  it("an EXPIRED order (authorization lapsed, never captured: no money taken) does not qualify", () => {
    expect(isQualifyingOrder(o({ financialStatus: "EXPIRED" }))).toBe(false);
    expect(isQualifyingOrder(o({ financialStatus: "AUTHORIZED" }))).toBe(true);
  });

  it("an order refunded in full does not qualify whatever its status says", () => {
    expect(isQualifyingOrder(o({ financialStatus: "PARTIALLY_REFUNDED", totalPrice: 4800, totalRefunded: 4800 }))).toBe(false);
  });

  it("a partially refunded order qualifies and counts net of the refund", () => {
    const order = o({ financialStatus: "PARTIALLY_REFUNDED", totalPrice: 4800, totalRefunded: 1800 });
    expect(isQualifyingOrder(order)).toBe(true);
    expect(netAmount(order)).toBe(3000);
  });

  it("a zero-total order (free sample) qualifies with a net amount of 0", () => {
    const order = o({ totalPrice: 0 });
    expect(isQualifyingOrder(order)).toBe(true);
    expect(netAmount(order)).toBe(0);
  });

  it("pending and unknown statuses qualify", () => {
    expect(isQualifyingOrder(o({ financialStatus: "PENDING" }))).toBe(true);
    expect(isQualifyingOrder(o({ financialStatus: null }))).toBe(true);
  });

  it("cents add up exactly: 0.10 + 0.20 is 0.30", () => {
    const history = customer("c", [
      { totalPrice: 0.1, processedAt: tokyoDaysAgo(3) },
      { totalPrice: 0.2, processedAt: tokyoDaysAgo(2) },
    ]);
    expect(summarizeCustomer(history, LIFECYCLE_RULES, ctx).netSpent).toBe(0.3);
  });
});

describe("the six lifecycle stages (shop in Asia/Tokyo, as of 2025-06-30 12:00 JST)", () => {
  it("a customer without any order is a prospect", () => {
    expect(stageOf(customer("c1", []))).toMatchObject({
      stage: "prospect",
      reason: "no-qualifying-order",
      orders: 0,
      daysSinceLastOrder: null,
    });
  });

  it("a customer whose only orders were cancelled, test or fully refunded is a prospect", () => {
    const history = customer("c1", [
      { cancelled: true, processedAt: tokyoDaysAgo(5) },
      { test: true, processedAt: tokyoDaysAgo(4) },
      { financialStatus: "REFUNDED", totalRefunded: 4800, processedAt: tokyoDaysAgo(3) },
      { financialStatus: "VOIDED", processedAt: tokyoDaysAgo(2) },
    ]);
    expect(stageOf(history).stage).toBe("prospect");
  });

  it("a customer with one order 10 days ago is new", () => {
    expect(stageOf(buyer("c1", [10]))).toMatchObject({
      stage: "new",
      reason: "single-order-active",
      orders: 1,
      daysSinceLastOrder: 10,
      netSpent: 4800,
    });
  });

  it("a customer with two orders, the last 10 days ago, is regular when others spend more", () => {
    const stages = stagesOf([buyer("c1", [40, 10], 1000), ...[2, 3, 4, 5].map((i) => buyer(`big${i}`, [30, 5], 10_000 * i))]);
    expect(stages.c1).toBe("regular");
  });

  it("a customer whose last order was 200 days ago is dormant", () => {
    expect(stageOf(buyer("c1", [300, 200]))).toMatchObject({
      stage: "dormant",
      reason: "last-order-over-dormant-threshold",
      daysSinceLastOrder: 200,
    });
  });

  it("a customer whose last order was 400 days ago is churned", () => {
    expect(stageOf(buyer("c1", [500, 400]))).toMatchObject({
      stage: "churned",
      reason: "last-order-over-churned-threshold",
      daysSinceLastOrder: 400,
    });
  });

  it("the biggest active repeat buyer of five is VIP (top 20 % of 5 = 1)", () => {
    const histories = [1, 2, 3, 4, 5].map((i) => buyer(`c${i}`, [60, 20], 1000 * i));
    expect(stagesOf(histories)).toEqual({ c1: "regular", c2: "regular", c3: "regular", c4: "regular", c5: "vip" });
    expect(classifyCustomers(histories, LIFECYCLE_RULES, ctx).get("c5")!.reason).toBe("spend-in-top-percent");
  });

  it("guest orders (customerId null) are ignored", () => {
    const history: CustomerHistory = {
      customerId: "c1",
      createdAt: new Date("2020-01-01T00:00:00Z"),
      orders: [
        buildOrder({ customerId: "c1", processedAt: tokyoDaysAgo(10) }),
        buildOrder({ customerId: null, processedAt: tokyoDaysAgo(5) }),
      ],
    };
    expect(stageOf(history)).toMatchObject({ stage: "new", orders: 1, daysSinceLastOrder: 10 });
  });

  it("a cancelled or test order does not make a dormant customer active again", () => {
    const history = customer("c1", [
      { processedAt: tokyoDaysAgo(200) },
      { processedAt: tokyoDaysAgo(3), cancelled: true },
      { processedAt: tokyoDaysAgo(2), test: true },
    ]);
    expect(stageOf(history)).toMatchObject({ stage: "dormant", orders: 1, daysSinceLastOrder: 200 });
  });

  it("a fully refunded recent order does not count, a partially refunded one does", () => {
    const refunded = customer("c1", [
      { processedAt: tokyoDaysAgo(200) },
      { processedAt: tokyoDaysAgo(3), totalPrice: 4800, totalRefunded: 4800, financialStatus: "REFUNDED" },
    ]);
    expect(stageOf(refunded)).toMatchObject({ stage: "dormant", orders: 1 });
    const partly = customer("c1", [
      { processedAt: tokyoDaysAgo(200) },
      { processedAt: tokyoDaysAgo(3), totalPrice: 4800, totalRefunded: 800, financialStatus: "PARTIALLY_REFUNDED" },
    ]);
    // both orders are in the 365-day window; alone in the shop, this customer is its top repeat buyer
    expect(stageOf(partly)).toMatchObject({ stage: "vip", orders: 2, netSpent: 8800, netSpentInWindow: 8800, daysSinceLastOrder: 3 });
  });

  it("orders after asOf do not exist yet", () => {
    const history = customer("c1", [{ processedAt: tokyoDaysAgo(200) }, { processedAt: new Date(AS_OF.getTime() + 60_000) }]);
    expect(stageOf(history)).toMatchObject({ stage: "dormant", orders: 1 });
  });

  it("reports first and last order and both spends", () => {
    const s = stageOf(buyer("c1", [400, 100, 30], 1000));
    expect(s).toMatchObject({
      orders: 3,
      firstOrderAt: tokyoDaysAgo(400),
      lastOrderAt: tokyoDaysAgo(30),
      netSpent: 3000,
      netSpentInWindow: 2000,
      daysSinceLastOrder: 30,
    });
  });
});

describe("boundaries are calendar days in the shop's zone (Asia/Tokyo)", () => {
  // last order placed on the Tokyo date `days` before 2025-06-30, at 00:01 and at 23:59 Tokyo time
  it.each([
    [119, "new"],
    [120, "new"],
    [121, "dormant"],
    [364, "dormant"],
    [365, "dormant"],
    [366, "churned"],
  ] as const)("a single order %i days ago makes the customer %s", (days, expected) => {
    expect(stageOf(customer("c1", [{ processedAt: tokyoDaysAgo(days, 0, 1) }])).stage).toBe(expected);
    expect(stageOf(customer("c1", [{ processedAt: tokyoDaysAgo(days, 23, 59) }])).stage).toBe(expected);
  });

  it.each([
    [119, "regular"],
    [120, "regular"],
    [121, "dormant"],
    [364, "dormant"],
    [365, "dormant"],
    [366, "churned"],
  ] as const)("a repeat buyer whose last order was %i days ago is %s", (days, expected) => {
    const history = customer("c1", [{ processedAt: tokyoDaysAgo(days + 30) }, { processedAt: tokyoDaysAgo(days, 23, 59) }]);
    expect(stageOf(history, { ...LIFECYCLE_RULES, vipMinSpend: 1_000_000 }).stage).toBe(expected);
  });

  it("an order at 00:30 JST 120 Tokyo days ago is still active in Tokyo but 121 UTC days ago", () => {
    const history = customer("c1", [{ processedAt: tokyoDaysAgo(120, 0, 30) }]); // 15:30 UTC the day before
    expect(stageOf(history)).toMatchObject({ stage: "new", daysSinceLastOrder: 120 });
    expect(stageOf(history, LIFECYCLE_RULES, { asOf: AS_OF, timeZone: "UTC" })).toMatchObject({
      stage: "dormant",
      daysSinceLastOrder: 121,
    });
  });

  it("an order late on asOf's own local date is 0 days ago", () => {
    const asOf = new Date("2025-06-30T14:59:59Z"); // 23:59:59 JST
    const history = customer("c1", [{ processedAt: new Date("2025-06-29T15:00:00Z") }]); // 00:00 JST 30 June
    expect(stageOf(history, LIFECYCLE_RULES, { asOf, timeZone: TOKYO }).daysSinceLastOrder).toBe(0);
  });

  it("the VIP spend window includes an order 365 Tokyo days ago and excludes one 366 days ago", () => {
    const s = stageOf(
      customer("c1", [
        { processedAt: tokyoDaysAgo(366, 23, 59), totalPrice: 1 },
        { processedAt: tokyoDaysAgo(365, 0, 1), totalPrice: 10 },
        { processedAt: tokyoDaysAgo(5), totalPrice: 100 },
      ]),
    );
    expect(s.netSpentInWindow).toBe(110);
    expect(s.netSpent).toBe(111);
  });
});

describe("VIP: top vipTopPercent of active repeat buyers by net spend in the window", () => {
  it("takes ceil(n × 20 %) buyers: 2 of 6", () => {
    const histories = [1, 2, 3, 4, 5, 6].map((i) => buyer(`c${i}`, [50, 10], 100 * i));
    const { segmentations, vipCut } = classifyShop(histories, LIFECYCLE_RULES, ctx);
    expect(vipCut).toEqual({ rule: "top-percent", topPercent: 20, population: 6, topCount: 2, cutSpend: 1000, vipCount: 2 });
    expect([...segmentations.values()].filter((s) => s.stage === "vip").map((s) => s.customerId)).toEqual(["c5", "c6"]);
  });

  it("includes every buyer tied with the cut value", () => {
    const spends = [500, 500, 500, 100, 100, 100, 100, 100, 100, 100];
    const histories = spends.map((amount, i) => buyer(`c${i}`, [40, 8], amount));
    const { segmentations, vipCut } = classifyShop(histories, LIFECYCLE_RULES, ctx);
    expect(vipCut).toMatchObject({ population: 10, topCount: 2, cutSpend: 1000, vipCount: 3 });
    expect([...segmentations.values()].filter((s) => s.stage === "vip")).toHaveLength(3);
  });

  it("ranks only active repeat buyers: dormant big spenders and one-order customers are not the population", () => {
    const histories = [
      buyer("dormant", [300, 200], 100_000),
      buyer("single", [3], 100_000),
      buyer("a", [40, 10], 100),
      buyer("b", [40, 10], 200),
    ];
    expect(stagesOf(histories)).toEqual({ dormant: "dormant", single: "new", a: "regular", b: "vip" });
  });

  it("ranks by spend net of refunds", () => {
    const histories = [
      customer("refunder", [
        { processedAt: tokyoDaysAgo(40), totalPrice: 10_000, totalRefunded: 9_000, financialStatus: "PARTIALLY_REFUNDED" },
        { processedAt: tokyoDaysAgo(10), totalPrice: 1_000 },
      ]),
      buyer("steady", [40, 10], 1_500),
    ];
    expect(stagesOf(histories)).toEqual({ refunder: "regular", steady: "vip" });
  });

  it("counts only spend in the last 365 days", () => {
    const histories = [
      customer("old-money", [
        { processedAt: tokyoDaysAgo(700), totalPrice: 1_000_000 },
        { processedAt: tokyoDaysAgo(10), totalPrice: 100 },
      ]),
      buyer("recent", [40, 10], 1_000),
    ];
    expect(stagesOf(histories)).toEqual({ "old-money": "regular", recent: "vip" });
  });

  it("never makes a zero spend VIP, even when the cut is 0", () => {
    const histories = [1, 2, 3].map((i) => buyer(`c${i}`, [40, 10], 0));
    const { segmentations, vipCut } = classifyShop(histories, LIFECYCLE_RULES, ctx);
    expect(vipCut).toMatchObject({ cutSpend: 0, vipCount: 0 });
    expect([...segmentations.values()].map((s) => s.stage)).toEqual(["regular", "regular", "regular"]);
  });

  it("has no VIP when the shop has no active repeat buyer", () => {
    expect(computeVipCut([], LIFECYCLE_RULES)).toEqual({
      rule: "top-percent",
      topPercent: 20,
      population: 0,
      topCount: 0,
      cutSpend: null,
      vipCount: 0,
    });
  });

  it("with vipMinSpend set, the minimum REPLACES the percentile: everyone at or above it is VIP", () => {
    const rules = { ...LIFECYCLE_RULES, vipMinSpend: 20_000 };
    const histories = [
      buyer("exactly", [40, 10], 10_000), // 20,000 in the window
      buyer("above", [40, 10], 15_000),
      buyer("below", [40, 10], 9_999.99),
      buyer("one-order", [10], 50_000),
    ];
    const result = classifyCustomers(histories, rules, ctx);
    expect(Object.fromEntries([...result].map(([id, s]) => [id, s.stage]))).toEqual({
      exactly: "vip",
      above: "vip",
      below: "regular",
      "one-order": "new",
    });
    expect(result.get("exactly")!.reason).toBe("spend-at-least-min-spend");
  });

  it("vipTopPercent 100 makes every active repeat buyer with a positive spend VIP", () => {
    const histories = [1, 2, 3].map((i) => buyer(`c${i}`, [40, 10], i));
    expect(Object.values(stagesOf(histories, { ...LIFECYCLE_RULES, vipTopPercent: 100 }))).toEqual(["vip", "vip", "vip"]);
  });
});

describe("one customer at a time (webhooks) with the shop's stored VIP cut", () => {
  it("gives the same answer as the shop-wide classification", () => {
    const histories = [1, 2, 3, 4, 5, 6, 7].map((i) => buyer(`c${i}`, [200 - 10 * i, 100 - 10 * i], 100 * i));
    const { segmentations, vipCut } = classifyShop(histories, LIFECYCLE_RULES, ctx);
    const storedCut = JSON.parse(JSON.stringify(vipCut));
    for (const history of histories) {
      expect(classifyLifecycle(history, LIFECYCLE_RULES, storedCut, ctx)).toEqual(segmentations.get(history.customerId));
      const summary = summarizeCustomer(history, LIFECYCLE_RULES, ctx);
      expect(classifyCustomer(summary, LIFECYCLE_RULES, storedCut)).toEqual(segmentations.get(history.customerId));
    }
  });

  it("refuses invalid rules and duplicate customers", () => {
    expect(() => classifyCustomers([], { ...LIFECYCLE_RULES, churnedAfterDays: 100 }, ctx)).toThrow(/churnedAfterDays/);
    expect(() => classifyCustomers([buyer("c1", [1]), buyer("c1", [2])], LIFECYCLE_RULES, ctx)).toThrow(/appears twice/);
    expect(() => classifyCustomers([], LIFECYCLE_RULES, { asOf: AS_OF, timeZone: "Nowhere/Land" })).toThrow(/Unknown time zone/);
  });
});

// ---------------------------------------------------------------------------------------------------
// properties

const ZONES = ["UTC", "Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe"];

const arbOrderFields = fc.record({
  minutesAgo: fc.integer({ min: -3 * 24 * 60, max: 800 * 24 * 60 }), // a few in the future of asOf
  cents: fc.integer({ min: 0, max: 100_000 }),
  refundedShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  cancelled: fc.constantFrom(false, false, false, false, true),
  test: fc.constantFrom(false, false, false, false, true),
  financialStatus: fc.constantFrom<string | null>(
    "PAID",
    "PAID",
    "PAID",
    "PARTIALLY_REFUNDED",
    "REFUNDED",
    "VOIDED",
    "EXPIRED",
    "PENDING",
    null,
  ),
  guest: fc.constantFrom(false, false, false, false, false, true),
});

const arbShop = fc.array(fc.array(arbOrderFields, { maxLength: 6 }), { minLength: 1, maxLength: 25 }).map((customers) =>
  customers.map((orders, c): CustomerHistory => {
    const customerId = `gid://shopify/Customer/${c + 1}`;
    return {
      customerId,
      createdAt: new Date("2020-01-01T00:00:00Z"),
      orders: orders.map((o, i) => {
        const totalPrice = o.cents / 100;
        return {
          id: `${customerId}/o${i}`,
          customerId: o.guest ? null : customerId,
          processedAt: new Date(AS_OF.getTime() - o.minutesAgo * 60_000),
          totalPrice,
          totalRefunded: Math.round(totalPrice * o.refundedShare * 100) / 100,
          cancelled: o.cancelled,
          test: o.test,
          financialStatus: o.financialStatus,
        };
      }),
    };
  }),
);

const arbRules = fc
  .record({
    dormantAfterDays: fc.integer({ min: 1, max: 400 }),
    extra: fc.integer({ min: 1, max: 400 }),
    vipTopPercent: fc.integer({ min: 1, max: 100 }),
    vipMinSpend: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: null }),
    vipSpendWindowDays: fc.integer({ min: 1, max: 730 }),
  })
  .map(({ extra, ...r }): LifecycleRules => ({ ...r, churnedAfterDays: r.dormantAfterDays + extra }));

const arbCtx = fc.constantFrom(...ZONES).map((timeZone) => ({ asOf: AS_OF, timeZone }));

/** 0 = active (vip/regular/new), 1 = dormant, 2 = churned */
const lapse = (stage: LifecycleStage) => (stage === "churned" ? 2 : stage === "dormant" ? 1 : 0);

describe("properties", () => {
  it("every customer lands in exactly one stage, the one the table describes", () => {
    fc.assert(
      fc.property(arbShop, arbRules, arbCtx, (histories, rules, context) => {
        const { segmentations, vipCut } = classifyShop(histories, rules, context);
        expect(segmentations.size).toBe(histories.length);
        for (const s of segmentations.values()) {
          const d = s.daysSinceLastOrder ?? -1;
          const active = s.orders >= 1 && d <= rules.dormantAfterDays;
          const bigSpender =
            s.netSpentInWindow > 0 &&
            (vipCut.rule === "min-spend"
              ? s.netSpentInWindow >= vipCut.minSpend
              : vipCut.cutSpend !== null && s.netSpentInWindow >= vipCut.cutSpend);
          const holds: Record<LifecycleStage, boolean> = {
            prospect: s.orders === 0,
            churned: s.orders >= 1 && d > rules.churnedAfterDays,
            dormant: s.orders >= 1 && d > rules.dormantAfterDays && d <= rules.churnedAfterDays,
            vip: s.orders >= 2 && active && bigSpender,
            regular: s.orders >= 2 && active && !bigSpender,
            new: s.orders === 1 && active,
          };
          expect(LIFECYCLE_STAGES.filter((stage) => holds[stage])).toEqual([s.stage]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the percentile rule makes at least ceil(n × p) of n active repeat buyers VIP unless they spent nothing", () => {
    fc.assert(
      fc.property(arbShop, arbRules, arbCtx, (histories, rules, context) => {
        const r = { ...rules, vipMinSpend: null };
        const { segmentations, vipCut } = classifyShop(histories, r, context);
        if (vipCut.rule !== "top-percent") throw new Error("unexpected rule");
        const all = [...segmentations.values()];
        const vips = all.filter((s) => s.stage === "vip");
        expect(vips.length).toBe(vipCut.vipCount);
        const positive = all.filter((s) => s.orders >= 2 && s.daysSinceLastOrder! <= r.dormantAfterDays && s.netSpentInWindow > 0);
        expect(vips.length).toBeGreaterThanOrEqual(Math.min(vipCut.topCount, positive.length));
        // nobody outside the VIP group outspends a VIP among active repeat buyers
        const minVip = Math.min(...vips.map((s) => s.netSpentInWindow));
        for (const s of all) if (s.stage === "regular") expect(s.netSpentInWindow).toBeLessThan(minVip);
      }),
      { numRuns: 200 },
    );
  });

  it("adding a more recent qualifying order never moves a buyer toward dormant or churned", () => {
    fc.assert(
      fc.property(arbShop, arbRules, arbCtx, fc.nat(), fc.nat({ max: 1000 }), (histories, rules, context, pick, amount) => {
        const before = classifyCustomers(histories, rules, context);
        const buyers = [...before.values()].filter((s) => s.lastOrderAt !== null);
        if (buyers.length === 0) return;
        const target = buyers[pick % buyers.length]!;
        const lastMs = target.lastOrderAt!.getTime();
        const at = new Date(lastMs + Math.floor(((AS_OF.getTime() - lastMs) * (pick % 97)) / 97));
        const changed = histories.map((h) =>
          h.customerId !== target.customerId
            ? h
            : { ...h, orders: [...h.orders, buildOrder({ customerId: h.customerId, processedAt: at, totalPrice: amount })] },
        );
        const after = classifyCustomers(changed, rules, context).get(target.customerId)!;
        expect(lapse(after.stage)).toBeLessThanOrEqual(lapse(target.stage));
        expect(after.daysSinceLastOrder!).toBeLessThanOrEqual(target.daysSinceLastOrder!);
      }),
      { numRuns: 300 },
    );
  });

  it("a test or cancelled order never changes anyone's stage", () => {
    fc.assert(
      fc.property(
        arbShop,
        arbRules,
        arbCtx,
        fc.nat(),
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom("test", "cancelled"),
        (histories, rules, context, pick, daysAgo, kind) => {
          const before = classifyCustomers(histories, rules, context);
          const target = histories[pick % histories.length]!;
          const bogus = buildOrder({
            customerId: target.customerId,
            processedAt: new Date(AS_OF.getTime() - daysAgo * 86_400_000),
            totalPrice: 1_000_000,
            test: kind === "test",
            cancelled: kind === "cancelled",
          });
          const changed = histories.map((h) => (h === target ? { ...h, orders: [...h.orders, bogus] } : h));
          const after = classifyCustomers(changed, rules, context);
          const stages = (m: Map<string, CustomerSegmentation>) => [...m.values()].map((s) => s.stage);
          expect(stages(after)).toEqual(stages(before));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("active subscribers (定期購入)", () => {
  it("a monthly subscriber whose last delivery was 130 days ago is regular with the reason 'active-subscription', not dormant", () => {
    const history = buyer("gid://shopify/Customer/7", [190, 160, 130]);
    const vipCut = computeVipCut([], { ...LIFECYCLE_RULES, vipMinSpend: 1_000_000 });
    const rules = { ...LIFECYCLE_RULES, vipMinSpend: 1_000_000 };
    expect(classifyLifecycle(history, rules, vipCut, ctx).stage).toBe("dormant");
    const subscribed = classifyLifecycle(history, rules, vipCut, { ...ctx, activeSubscribers: new Set([history.customerId]) });
    expect([subscribed.stage, subscribed.reason]).toEqual(["regular", "active-subscription"]);
  });

  it("property: a subscriber between deliveries stays active across the dormancy and churn thresholds; without the subscription the same history lapses", () => {
    fc.assert(
      fc.property(
        arbRules,
        arbCtx,
        fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 8 }),
        (rules, context, daysAgo) => {
          const history = buyer("gid://shopify/Customer/1", daysAgo);
          const subscribed = classifyShop([history], rules, { ...context, activeSubscribers: new Set([history.customerId]) });
          const plain = classifyShop([history], rules, context);
          const s = subscribed.segmentations.get(history.customerId)!;
          const p = plain.segmentations.get(history.customerId)!;
          expect(lapse(s.stage)).toBe(0);
          expect(s.stage === "prospect").toBe(false);
          const pastDormancy = (s.daysSinceLastOrder ?? 0) > rules.dormantAfterDays;
          expect(lapse(p.stage) > 0).toBe(pastDormancy);
          if (!pastDormancy) expect(s).toEqual(p);
          else expect(s.reason === "active-subscription" || s.stage === "vip").toBe(true);
        },
      ),
    );
  });
});
