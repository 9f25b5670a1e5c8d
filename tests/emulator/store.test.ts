import { describe, expect, it } from "vitest";
import { createEmptyShop, formatDecimal, formatRestMoney, normalizeTags, parseGid, RFM_GROUP_RULES } from "./store";

describe("money formatting", () => {
  it("prints GraphQL Decimal like Shopify (BigDecimal): 25.98, 12.5, 10.0, 0.0", () => {
    expect([2598, 1250, 1000, 0, 5, 123456789].map(formatDecimal)).toEqual(["25.98", "12.5", "10.0", "0.0", "0.05", "1234567.89"]);
  });

  it("prints REST money with two decimals: 12.50", () => {
    expect([1250, 0, 5].map(formatRestMoney)).toEqual(["12.50", "0.00", "0.05"]);
  });
});

describe("tags", () => {
  it("splits commas, trims, drops duplicates case-insensitively and sorts", () => {
    expect(normalizeTags(["b, A", "a", " c ", ""])).toEqual(["A", "b", "c"]);
  });
});

describe("ids", () => {
  it("reads numeric ids from GIDs of the right type only", () => {
    expect(parseGid("gid://shopify/Customer/17850", "Customer")).toBe(17850);
    expect(parseGid("gid://shopify/Order/17850", "Customer")).toBeUndefined();
    expect(parseGid("17850", "Customer")).toBe(17850);
  });
});

describe("Shopify-generated RFM groups, from the customer's own history", () => {
  it("follows the documented table: none → PROSPECTS, one order last week → NEW, ten orders long ago → PREVIOUSLY_LOYAL", () => {
    let t = 0;
    const shop = createEmptyShop({ domain: "rfm.myshopify.com", now: new Date("2026-11-23T00:00:00Z"), clock: () => t });
    const prospect = shop.addCustomer({ id: 1 });
    const fresh = shop.addCustomer({ id: 2 });
    const lapsed = shop.addCustomer({ id: 3 });
    shop.addOrder({ customerId: fresh, processedAt: "2026-11-16T00:00:00Z", lineItems: [{ title: "A", quantity: 1, unitPrice: 10 }] });
    for (let k = 0; k < 10; k++) {
      shop.addOrder({
        customerId: lapsed,
        processedAt: `2025-0${1 + (k % 9)}-01T00:00:00Z`,
        lineItems: [{ title: "A", quantity: 1, unitPrice: 100 }],
      });
    }
    t += 1;
    expect(shop.rfmGroup(shop.customerIndex(prospect))).toBe("PROSPECTS");
    expect(shop.rfmGroup(shop.customerIndex(fresh))).toBe("NEW");
    expect(shop.rfmGroup(shop.customerIndex(lapsed))).toBe("PREVIOUSLY_LOYAL");
    expect(shop.predictedSpendTier(shop.customerIndex(lapsed))).toBe("MEDIUM");
    expect(RFM_GROUP_RULES.map((r) => r.group)).toContain("CHAMPIONS");
  });

  it("does not count cancelled orders as qualifying", () => {
    const shop = createEmptyShop({ domain: "cancel.myshopify.com", now: new Date("2026-11-23T00:00:00Z"), clock: () => 0 });
    const c = shop.addCustomer({ id: 1 });
    const o = shop.addOrder({
      customerId: c,
      processedAt: "2026-11-20T00:00:00Z",
      lineItems: [{ title: "A", quantity: 1, unitPrice: 10 }],
    });
    shop.cancelOrder(o);
    expect(shop.rfmGroup(shop.customerIndex(c))).toBe("PROSPECTS");
    expect(shop.getOrder(o)!.displayFinancialStatus).toBe("REFUNDED");
    expect(shop.getCustomer(c)!.amountSpent).toBe("0.0");
  });
});

describe("shop time", () => {
  it("starts at the configured now and flows with the clock", () => {
    let t = 1000;
    const shop = createEmptyShop({ domain: "time.myshopify.com", now: new Date("2011-12-10T00:00:00Z"), clock: () => t });
    expect(shop.now().toISOString()).toBe("2011-12-10T00:00:00.000Z");
    t += 1500;
    expect(shop.now().toISOString()).toBe("2011-12-10T00:00:01.500Z");
    shop.setNow(new Date("2012-06-01T00:00:00Z"));
    expect(shop.now().toISOString()).toBe("2012-06-01T00:00:00.000Z");
  });
});
