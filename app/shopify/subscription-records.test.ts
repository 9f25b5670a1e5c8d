import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SubscriptionOrdersReader } from "./subscription-records";
import type { SubscriptionOrder } from "../domain/subscriptions/detect-subscriptions";

const order = (id: number, customer: number | null, sourceName = "web", status = "ACTIVE") => ({
  id: `gid://shopify/Order/${id}`,
  processedAt: `2026-0${id % 9}-01T00:00:00Z`,
  cancelledAt: null,
  sourceName,
  customer: customer === null ? null : { id: `gid://shopify/Customer/${customer}`, productSubscriberStatus: status },
});
const line = (orderId: number, plan: number | null) => ({
  sellingPlan: plan === null ? null : { sellingPlanId: `gid://shopify/SellingPlan/${plan}`, name: `Plan ${plan}` },
  __parentId: `gid://shopify/Order/${orderId}`,
});

describe("reading the subscription orders file", () => {
  it("keeps orders with a plan line or a renewal's source name, drops one-off and guest orders, and keeps each subscriber's status", () => {
    const orders: SubscriptionOrder[] = [];
    const reader = new SubscriptionOrdersReader((o) => orders.push(o));
    for (const record of [
      order(1, 10),
      line(1, 2),
      line(1, null),
      line(1, 2),
      order(2, 11, "web", "NEVER_SUBSCRIBED"),
      line(2, null),
      order(3, 10, "subscription_contract"),
      order(4, null),
      line(4, 2),
      order(5, 12, "web", "PAUSED"),
      line(5, 1),
    ]) {
      reader.add(record);
    }
    reader.finish();
    expect(reader.read).toBe(5);
    expect(orders.map((o) => [o.orderId.split("/").pop(), o.customerId.split("/").pop(), o.sellingPlanIds, o.sourceName])).toEqual([
      ["1", "10", ["gid://shopify/SellingPlan/2"], "web"],
      ["3", "10", [], "subscription_contract"],
      ["5", "12", ["gid://shopify/SellingPlan/1"], "web"],
    ]);
    expect([...reader.statuses]).toEqual([
      ["gid://shopify/Customer/10", "ACTIVE"],
      ["gid://shopify/Customer/12", "PAUSED"],
    ]);
    expect([...reader.planNames]).toEqual([
      ["gid://shopify/SellingPlan/2", "Plan 2"],
      ["gid://shopify/SellingPlan/1", "Plan 1"],
    ]);
  });

  it("refuses a line item that does not follow its order (the read must group objects)", () => {
    const reader = new SubscriptionOrdersReader(() => {});
    reader.add(order(1, 10));
    expect(() => reader.add(line(2, 1))).toThrow(/Order\/2 is not right after its order/);
  });

  it("reads the file's lines as text exactly as it reads them parsed, whatever the names, statuses and nulls", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "定", '"', "\\", "\n", "/", " ", "\u0001") });
    const file = fc.array(
      fc.record({
        order: fc.record({
          id: fc.nat(99).map((n) => `gid://shopify/Order/${n}`),
          processedAt: fc
            .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
            .map((d) => d.toISOString()),
          cancelledAt: fc.option(fc.constant("2026-01-02T00:00:00Z")),
          sourceName: fc.option(fc.constantFrom("web", "subscription_contract", 'sh"op')),
          customer: fc.option(
            fc.record({
              id: fc.nat(9).map((n) => `gid://shopify/Customer/${n}`),
              productSubscriberStatus: fc.constantFrom("ACTIVE", "PAUSED", "X"),
            }),
          ),
        }),
        plans: fc.array(
          fc.option(fc.record({ sellingPlanId: fc.option(fc.nat(5).map((n) => `gid://shopify/SellingPlan/${n}`)), name: text })),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(file, (orders) => {
        const records = orders.flatMap(({ order, plans }) => [
          order,
          ...plans.map((sellingPlan) => ({ sellingPlan, __parentId: order.id })),
        ]);
        const [parsedOrders, asTextOrders]: SubscriptionOrder[][] = [[], []];
        const parsed = new SubscriptionOrdersReader((o) => parsedOrders.push(o));
        for (const record of records) parsed.add(record);
        const asText = new SubscriptionOrdersReader((o) => asTextOrders.push(o));
        records.forEach((record, i) => asText.addLine({ number: i + 1, text: JSON.stringify(record) }));
        for (const reader of [parsed.finish(), asText.finish()]) expect(reader.read).toBe(orders.length);
        expect([asTextOrders, [...asText.statuses], [...asText.planNames]]).toEqual([
          parsedOrders,
          [...parsed.statuses],
          [...parsed.planNames],
        ]);
      }),
    );
  });
});
