import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OrderFact } from "../types";
import { firstTwoQualifyingOrders } from "./cohort-conversion";
import { FirstTwoQualifyingOrders } from "./first-two-orders";

const DAY_MS = 86_400_000;

const order = (id: number, customer: number | null, day: number, facts: Partial<OrderFact> = {}): OrderFact => ({
  id: `gid://shopify/Order/${id}`,
  customerId: customer === null ? null : `gid://shopify/Customer/${customer}`,
  processedAt: new Date(Date.UTC(2024, 0, 1) + day * DAY_MS),
  totalPrice: 3000,
  totalRefunded: 0,
  cancelled: false,
  test: false,
  financialStatus: "PAID",
  ...facts,
});

/** What streaming the orders through the tracker keeps: the accepted orders less the displaced ones. */
function keptByStreaming(orders: readonly OrderFact[]): Set<string> {
  const tracker = new FirstTwoQualifyingOrders();
  const kept = new Set<string>();
  for (const o of orders) {
    const offered = tracker.offer(o);
    if (!offered) continue;
    kept.add(o.id);
    if (offered.displaced) kept.delete(offered.displaced.id);
  }
  return kept;
}

describe("each customer's first two qualifying orders, as orders stream past", () => {
  it("keeps 403 and 402 when the file brings 401, 402, 403 with 403 the earliest, and drops 401", () => {
    const tracker = new FirstTwoQualifyingOrders();
    expect(tracker.offer(order(401, 4, 30))).toEqual({ displaced: null });
    expect(tracker.offer(order(402, 4, 10))).toEqual({ displaced: null });
    expect(tracker.offer(order(403, 4, 5))).toEqual({ displaced: { id: "gid://shopify/Order/401", ms: Date.UTC(2024, 0, 31) } });
    expect(tracker.offer(order(404, 4, 40))).toBeNull();
    expect(keptByStreaming([401, 402, 403, 404].map((id, i) => order(id, 4, [30, 10, 5, 40][i])))).toEqual(
      new Set(["gid://shopify/Order/403", "gid://shopify/Order/402"]),
    );
  });

  it("passes over guest, test, cancelled, voided and fully refunded orders", () => {
    const tracker = new FirstTwoQualifyingOrders();
    expect(tracker.offer(order(1, null, 0))).toBeNull();
    expect(tracker.offer(order(2, 1, 0, { test: true }))).toBeNull();
    expect(tracker.offer(order(3, 1, 0, { cancelled: true }))).toBeNull();
    expect(tracker.offer(order(4, 1, 0, { financialStatus: "VOIDED" }))).toBeNull();
    expect(tracker.offer(order(5, 1, 0, { totalRefunded: 3000, financialStatus: "REFUNDED" }))).toBeNull();
    // The customer's first qualifying order is still to come.
    expect(tracker.offer(order(6, 1, 9))).toEqual({ displaced: null });
  });

  it("keeps exactly the pair firstTwoQualifyingOrders gives over each customer's whole history, in any arrival order", () => {
    const arbOrder = fc.record({
      customer: fc.option(fc.integer({ min: 1, max: 4 }), { freq: 8 }),
      day: fc.integer({ min: 0, max: 6 }),
      cancelled: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      test: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(arbOrder, fc.nat()), { maxLength: 30 }), (specs) => {
        const orders = specs.map(([s], i) => order(i + 1, s.customer, s.day, { cancelled: s.cancelled, test: s.test }));
        // Arrival: by each order's drawn rank, not by id or date.
        const shuffled = orders
          .map((o, i) => [specs[i][1], o] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, o]) => o);
        const expected = new Set<string>();
        for (const customer of [1, 2, 3, 4]) {
          const pair = firstTwoQualifyingOrders(
            orders.filter((o) => o.customerId === `gid://shopify/Customer/${customer}`),
            Number.POSITIVE_INFINITY,
          );
          if (pair) expected.add(pair.first.id);
          if (pair?.second) expected.add(pair.second.id);
        }
        expect(keptByStreaming(shuffled)).toEqual(expected);
      }),
    );
  });
});
