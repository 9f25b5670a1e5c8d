import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  detectSubscriptions,
  subscriptionHistories,
  subscriptionsAsOf,
  type ProductSubscriberStatus,
  type SubscriptionOrder,
} from "./detect-subscriptions";

const day = (date: string) => new Date(`${date}T10:00:00Z`);
let next = 0;
const order = (
  customerId: string,
  date: string,
  sellingPlanIds: string[] = ["plan-monthly"],
  extra: Partial<SubscriptionOrder> = {},
): SubscriptionOrder => ({
  orderId: String(++next),
  customerId,
  processedAt: day(date),
  sellingPlanIds,
  sourceName: null,
  cancelled: false,
  ...extra,
});
const byCustomer = (orders: SubscriptionOrder[]) =>
  [...new Set(orders.map((o) => o.customerId))].map((customerId) => orders.filter((o) => o.customerId === customerId));
const monthly = (customerId: string, months: number, from = 1) =>
  Array.from({ length: months }, (_, i) => order(customerId, `2026-${String(from + i).padStart(2, "0")}-05`));

describe("subscription detection from selling plans on order lines", () => {
  it("counts deliveries per customer and plan and learns the plan's interval from the gaps (median 30-31 days)", () => {
    const [subscription] = detectSubscriptions({ orders: monthly("c1", 4), asOf: day("2026-04-20") });
    expect(subscription).toMatchObject({
      customerId: "c1",
      sellingPlanId: "plan-monthly",
      deliveries: 4,
      intervalSource: "observed",
      state: "active",
      endReason: null,
    });
    expect(subscription.intervalDays).toBe(31);
    expect(subscription.startedAt).toEqual(day("2026-01-05"));
  });

  it("ends a subscription whose next delivery is overdue by more than interval + grace (30 + 15 days)", () => {
    const orders = [order("c1", "2026-01-05"), order("c1", "2026-02-04")];
    const onTime = detectSubscriptions({ orders, planIntervalDays: new Map([["plan-monthly", 30]]), asOf: day("2026-03-21") })[0];
    expect(onTime.state).toBe("active");
    expect(onTime.nextDeliveryDeadline).toEqual(day("2026-03-21"));
    const lapsed = detectSubscriptions({ orders, planIntervalDays: new Map([["plan-monthly", 30]]), asOf: day("2026-03-22") })[0];
    expect(lapsed).toMatchObject({ state: "ended", endReason: "overdue", intervalSource: "plan" });
  });

  it("keeps an ACTIVE subscriber active between deliveries however long the gap, and a PAUSED one paused", () => {
    const orders = [order("c1", "2026-01-05"), order("c2", "2026-01-05")];
    const statusByCustomer = new Map<string, ProductSubscriberStatus>([
      ["c1", "ACTIVE"],
      ["c2", "PAUSED"],
    ]);
    const found = detectSubscriptions({ orders, statusByCustomer, asOf: day("2026-09-01") });
    expect(found.map((s) => [s.customerId, s.state])).toEqual([
      ["c1", "active"],
      ["c2", "paused"],
    ]);
  });

  it("ends subscriptions when the status says CANCELLED, EXPIRED or FAILED, with that reason", () => {
    const orders = [order("c1", "2026-01-05"), order("c2", "2026-01-05"), order("c3", "2026-01-05")];
    const statusByCustomer = new Map<string, ProductSubscriberStatus>([
      ["c1", "CANCELLED"],
      ["c2", "EXPIRED"],
      ["c3", "FAILED"],
    ]);
    const found = detectSubscriptions({ orders, statusByCustomer, asOf: day("2026-01-10") });
    expect(found.map((s) => [s.customerId, s.endReason]).sort()).toEqual([
      ["c1", "cancelled"],
      ["c2", "expired"],
      ["c3", "failed"],
    ]);
  });

  it("ends an ACTIVE customer's overdue plan when another plan of theirs is on time", () => {
    const orders = [order("c1", "2026-01-05", ["plan-coffee"]), order("c1", "2026-06-01", ["plan-tea"])];
    const found = detectSubscriptions({ orders, statusByCustomer: new Map([["c1", "ACTIVE"]]), asOf: day("2026-06-10") });
    expect(found.map((s) => [s.sellingPlanId, s.state])).toEqual([
      ["plan-coffee", "ended"],
      ["plan-tea", "active"],
    ]);
  });

  it("counts a renewal without a plan on its lines for the customer's latest plan, and ignores cancelled orders and one-off orders", () => {
    const orders = [
      order("c1", "2026-01-05"),
      order("c1", "2026-02-05", [], { sourceName: "subscription_contract" }),
      order("c1", "2026-02-20", []),
      order("c1", "2026-03-05", ["plan-monthly"], { cancelled: true }),
      order("c2", "2026-01-05", [], { sourceName: "subscription_contract" }),
    ];
    const found = detectSubscriptions({ orders, asOf: day("2026-03-06") });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ customerId: "c1", deliveries: 2, intervalSource: "default", intervalDays: 30 });
  });

  it("finds the same subscriptions whatever order the orders come in, renewals at the same instant as a plan's order included", () => {
    // Two plans and plan-less renewals on a few instants: ties decide which plan a renewal counts for.
    const instants = ["2026-01-05", "2026-02-05", "2026-03-05"];
    const orderArbitrary = fc.record({
      customer: fc.constantFrom("c1", "c2"),
      date: fc.constantFrom(...instants),
      plan: fc.constantFrom(["plan-coffee"], ["plan-tea"], [] as string[]),
    });
    fc.assert(
      fc.property(fc.array(orderArbitrary, { minLength: 1, maxLength: 12 }), fc.integer(), (drawn, seed) => {
        const orders = drawn.map((o, i) => ({
          ...order(o.customer, o.date, o.plan, { sourceName: "subscription_contract" }),
          orderId: `gid://shopify/Order/${i + 1}`,
        }));
        const shuffled = [...orders].sort(
          (a, b) => ((Number(a.orderId.split("/").pop()) * 7919) ^ seed) - ((Number(b.orderId.split("/").pop()) * 7919) ^ seed),
        );
        const asOf = day("2026-03-06");
        const key = (found: ReturnType<typeof detectSubscriptions>) =>
          found.map((s) => `${s.customerId} ${s.sellingPlanId} ${s.deliveries} ${s.state}`).sort();
        expect(key(detectSubscriptions({ orders: shuffled, asOf }))).toEqual(key(detectSubscriptions({ orders, asOf })));
      }),
    );
  });
});

describe("detection in two parts: histories when the orders are read, states as of a later instant", () => {
  // A shop read on 2026-03-10; the sync detects as of 2026-03-25, when c1's next monthly delivery has
  // become overdue (due by 2026-02-04 + 30 + 15 days = 2026-03-21) and c2's has not.
  const readAt = day("2026-03-10");
  const asOf = day("2026-03-25");
  const orders = [
    order("c1", "2026-01-05"),
    order("c1", "2026-02-04"),
    order("c2", "2026-01-20"),
    order("c2", "2026-02-20", [], { sourceName: "subscription_contract" }),
    order("c3", "2026-01-05", ["plan-coffee"]),
    order("c3", "2026-03-01", ["plan-tea"]),
    order("c3", "2026-03-02", ["plan-tea"], { cancelled: true }),
    order("c4", "2026-01-05"),
  ].map((o, i) => ({ ...o, orderId: `gid://shopify/Order/${i + 1}` }));
  const planIntervalDays = new Map([["plan-monthly", 30]]);
  const statusByCustomer = new Map<string, ProductSubscriberStatus>([
    ["c3", "ACTIVE"],
    ["c4", "PAUSED"],
  ]);

  it("finds what the one-shot detection finds as of the later instant, c1 ended overdue since the read", () => {
    const histories = subscriptionHistories({ ordersByCustomer: byCustomer(orders), planIntervalDays, through: readAt });
    const found = subscriptionsAsOf({ histories, statusByCustomer, asOf });
    expect(found).toEqual(detectSubscriptions({ orders, planIntervalDays, statusByCustomer, asOf }));
    // By first delivery (ties by order id); c3's other plan is on time, c2's plan-less renewal counts.
    expect(found.map((s) => [s.customerId, s.sellingPlanId, s.deliveries, s.state, s.endReason])).toEqual([
      ["c1", "plan-monthly", 2, "ended", "overdue"],
      ["c3", "plan-coffee", 1, "ended", "overdue"],
      ["c3", "plan-tea", 1, "active", null],
      ["c4", "plan-monthly", 1, "paused", null],
      ["c2", "plan-monthly", 2, "active", null],
    ]);
    expect(found[0].nextDeliveryDeadline).toEqual(day("2026-03-21"));
    // As of the read itself, c1 was still on time.
    expect(subscriptionsAsOf({ histories, statusByCustomer, asOf: readAt })[0]).toMatchObject({ customerId: "c1", state: "active" });
  });

  it("keeps nothing of the orders in the histories: one per customer and plan, without a state", () => {
    const histories = subscriptionHistories({ ordersByCustomer: byCustomer(orders), planIntervalDays, through: readAt });
    expect(histories).toHaveLength(5);
    expect(histories[0]).toEqual({
      customerId: "c1",
      sellingPlanId: "plan-monthly",
      startedAt: day("2026-01-05"),
      lastDeliveryAt: day("2026-02-04"),
      deliveries: 2,
      intervalDays: 30,
      intervalSource: "plan",
      nextDeliveryDeadline: day("2026-03-21"),
    });
  });

  it("equals the one-shot detection whenever no order came between the read and the later instant", () => {
    const dates = ["2026-01-05", "2026-01-20", "2026-02-04", "2026-02-20", "2026-03-01", "2026-03-10"];
    const drawnOrder = fc.record({
      customer: fc.constantFrom("c1", "c2", "c3"),
      date: fc.constantFrom(...dates),
      plan: fc.constantFrom(["plan-coffee"], ["plan-tea"], ["plan-coffee", "plan-tea"], [] as string[]),
      renewal: fc.boolean(),
      cancelled: fc.boolean(),
    });
    const status = fc.constantFrom<ProductSubscriberStatus | undefined>(undefined, "ACTIVE", "PAUSED", "CANCELLED");
    fc.assert(
      fc.property(
        fc.array(drawnOrder, { maxLength: 20 }),
        fc.tuple(status, status, status),
        fc.nat({ max: 60 }),
        fc.boolean(),
        (drawn, statuses, daysLater, coffeeKnown) => {
          const orders = drawn.map((o, i) => ({
            ...order(o.customer, o.date, o.plan, { sourceName: o.renewal ? "subscription_contract" : null, cancelled: o.cancelled }),
            orderId: `gid://shopify/Order/${i + 1}`,
          }));
          const statusByCustomer = new Map(["c1", "c2", "c3"].flatMap((c, i) => (statuses[i] ? [[c, statuses[i]] as const] : []))) as Map<
            string,
            ProductSubscriberStatus
          >;
          const planIntervalDays = new Map(coffeeKnown ? [["plan-coffee", 14]] : []);
          const later = new Date(readAt.getTime() + daysLater * 86_400_000);
          const histories = subscriptionHistories({ ordersByCustomer: byCustomer(orders), planIntervalDays, through: readAt });
          expect(subscriptionsAsOf({ histories, statusByCustomer, asOf: later })).toEqual(
            detectSubscriptions({ orders, planIntervalDays, statusByCustomer, asOf: later }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
