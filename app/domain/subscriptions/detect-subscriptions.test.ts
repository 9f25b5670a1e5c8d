import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectSubscriptions, type ProductSubscriberStatus, type SubscriptionOrder } from "./detect-subscriptions";

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
