// The settings preview from the stored per-customer totals and only the orders of the VIP spend window
// (what the settings page runs at a quarter of a million customers) equals the preview from every order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryLifecycleRules } from "../../tests/helpers/arbitrary-lifecycle-rules";
import { startOfLocalDay } from "./calendar";
import { summarizeCustomers } from "./lifecycle";
import { LIFECYCLE_RULES, type LifecycleRules } from "./lifecycle-rules";
import { previewRulesChange, previewRulesChangeOf, summariesOfStoredTotals } from "./shop-settings";
import type { CustomerHistory } from "./types";

const TOKYO = "Asia/Tokyo";
const ctx = { asOf: new Date("2025-06-30T03:00:00Z"), timeZone: TOKYO };
const dayStart = startOfLocalDay("2025-06-30", TOKYO).getTime();
const daysAgo = (d: number) => new Date(dayStart - d * 86_400_000 + 12 * 3_600_000);

let seq = 0;
function buyer(customerId: string, ago: number[], amount: number, refunded = 0): CustomerHistory {
  return {
    customerId,
    createdAt: new Date("2020-01-01T00:00:00Z"),
    orders: ago.map((d) => ({
      id: `o${++seq}`,
      customerId,
      processedAt: daysAgo(d),
      totalPrice: amount,
      totalRefunded: refunded,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
    })),
  };
}

/** What the recompute stores per customer, and the orders the page reads: those of the last `window` + 2 days. */
function fromStore(histories: CustomerHistory[], rules: LifecycleRules) {
  const stored = summarizeCustomers(histories, rules, ctx).map((s) => ({
    customerId: s.customerId,
    ordersCount: s.orders,
    netSpent: s.netSpent,
    firstOrderAt: s.firstOrderAt,
    lastOrderAt: s.lastOrderAt,
  }));
  const since = ctx.asOf.getTime() - (rules.vipSpendWindowDays + 2) * 86_400_000;
  const recent = histories
    .map((h) => ({ ...h, orders: h.orders.filter((o) => o.processedAt.getTime() >= since) }))
    .filter((h) => h.orders.length > 0);
  return summariesOfStoredTotals(stored, recent, rules, ctx);
}

describe("the settings preview from stored totals", () => {
  it("a repeat buyer whose big order is just outside the VIP window is not VIP, as with every order read", () => {
    const oldBig = buyer("old-big", [LIFECYCLE_RULES.vipSpendWindowDays + 1], 50_000);
    oldBig.orders.push(...buyer("old-big", [10], 100).orders);
    const shop = [oldBig, buyer("recent", [20, 30], 9_000), buyer("other", [40, 50], 1_000)];
    const after = { ...LIFECYCLE_RULES, vipTopPercent: 33 };
    const preview = previewRulesChangeOf(fromStore(shop, LIFECYCLE_RULES), LIFECYCLE_RULES, after);
    expect(preview).toEqual(previewRulesChange(shop, LIFECYCLE_RULES, after, ctx));
    expect(preview.after).toMatchObject({ vip: 1, regular: 2 });
  });

  it("property: equals the preview from every order for any shop and rules", () => {
    const shop = fc
      .array(
        fc.record({
          ago: fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 4 }),
          amount: fc.integer({ min: 1, max: 9_999 }),
          refunded: fc.integer({ min: 0, max: 3_000 }),
        }),
        { maxLength: 40 },
      )
      .map((customers) => customers.map((c, i) => buyer(`c${i}`, c.ago, c.amount, Math.min(c.refunded, c.amount))));
    fc.assert(
      fc.property(shop, arbitraryLifecycleRules, arbitraryLifecycleRules, (histories, before, after) => {
        expect(previewRulesChangeOf(fromStore(histories, before), before, after)).toEqual(
          previewRulesChange(histories, before, after, ctx),
        );
      }),
      { numRuns: 200 },
    );
  });
});
