import { beforeAll, describe, expect, it } from "vitest";
import { loadOnlineRetailSeed, ONLINE_RETAIL_DOMAIN, seedOnlineRetail, splitCsvLine } from "./seed-online-retail";
import { FINANCIAL_STATUSES, type EmulatedShop } from "./store";

let shop: EmulatedShop;
let loadMs: number;

beforeAll(async () => {
  const started = performance.now();
  shop = await seedOnlineRetail();
  loadMs = performance.now() - started;
});

describe("the Online Retail demo store, derived from the UCI file", () => {
  it("reads all 541,909 invoice lines of 25,900 invoices", async () => {
    const { stats } = await loadOnlineRetailSeed();
    expect(stats.rows).toBe(541_909);
    expect(stats.invoices).toBe(25_900);
  });

  it("has the 4,372 customers of the dataset", () => {
    expect(shop.customerCount()).toBe(4_372);
    expect(shop.domain).toBe(ONLINE_RETAIL_DOMAIN);
    expect(shop.currencyCode).toBe("GBP");
    expect(shop.ianaTimezone).toBe("Europe/London");
  });

  it("has 24,561 orders: 25,900 invoices less 3 bad-debt adjustments and 1,336 stock write-offs", async () => {
    const { stats } = await loadOnlineRetailSeed();
    expect(stats.skippedAdjustmentInvoices).toBe(3);
    expect(stats.skippedStockWriteOffInvoices).toBe(1_336);
    expect(shop.orderCount()).toBe(24_561);
  });

  it("has 3,836 cancelled orders, all refunded in full at the cancellation date", () => {
    const O = shop.orders;
    let cancelled = 0;
    for (let j = 0; j < O.length; j++) {
      if (Number.isNaN(O.cancelledAt[j])) continue;
      cancelled++;
      expect(O.refundedCents[j]).toBe(O.totalCents[j]);
      expect(O.refundedAt[j]).toBe(O.cancelledAt[j]);
      expect(FINANCIAL_STATUSES[O.financial[j]]).toBe("REFUNDED");
      expect(O.name(j)).toMatch(/^#C\d{6}$/);
    }
    expect(cancelled).toBe(3_836);
  });

  it("has 2,371 guest orders (no CustomerID), 182 of them cancelled", () => {
    const O = shop.orders;
    let guests = 0;
    let cancelledGuests = 0;
    for (let j = 0; j < O.length; j++) {
      if (O.customer[j] >= 0) continue;
      guests++;
      if (!Number.isNaN(O.cancelledAt[j])) cancelledGuests++;
    }
    expect(guests).toBe(2_371);
    expect(cancelledGuests).toBe(182);
  });

  it("keeps 540,570 line items of 4,070 products", async () => {
    const { stats } = await loadOnlineRetailSeed();
    expect(stats.lineItems).toBe(540_570);
    expect(stats.products).toBe(4_070);
  });

  it("reconciles with the README: paid − cancelled − the £11,062.06 adjustment = Σ Quantity × UnitPrice = 9,747,747.93", () => {
    const O = shop.orders;
    let paid = 0;
    let cancelled = 0;
    for (let j = 0; j < O.length; j++) {
      if (Number.isNaN(O.cancelledAt[j])) paid += O.totalCents[j];
      else cancelled += O.totalCents[j];
    }
    expect(paid).toBe(1_065_562_248);
    expect(cancelled).toBe(89_681_249);
    expect(paid - cancelled - 1_106_206).toBe(974_774_793);
  });

  it("maps customer 17850 (the first row) with its first invoice as createdAt and 35 orders", () => {
    const c = shop.getCustomer("gid://shopify/Customer/17850")!;
    expect(c.createdAt).toBe("2010-12-01T08:26:00Z");
    expect(c.numberOfOrders).toBe(35);
    expect(c.amountSpent).toBe("5391.21");
    expect(c.email).toBe("customer-17850@example.com");
    expect(c.firstName).toBeTruthy();
    expect(c.lastName).toBeTruthy();
  });

  it("maps invoice 536365 to order #536365 with its seven lines", () => {
    const o = shop.getOrder("gid://shopify/Order/536365")!;
    expect(o.name).toBe("#536365");
    expect(o.customerId).toBe("gid://shopify/Customer/17850");
    expect(o.processedAt).toBe("2010-12-01T08:26:00Z");
    expect(o.lineItems).toHaveLength(7);
    expect(o.lineItems[0]).toMatchObject({ title: "WHITE HANGING HEART T-LIGHT HOLDER", sku: "85123A", quantity: 6, unitPrice: "2.55" });
    expect(o.totalPrice).toBe("139.12");
  });

  it("loads in a few seconds", () => {
    expect(loadMs).toBeLessThan(10_000);
  });

  it("scales to N copies with fresh ids and the same dates", async () => {
    const big = await seedOnlineRetail({ scale: 3 });
    expect(big.customerCount()).toBe(3 * 4_372);
    expect(big.orderCount()).toBe(3 * 24_561);
    const copy = big.getCustomer("gid://shopify/Customer/2017850")!;
    expect(copy.createdAt).toBe("2010-12-01T08:26:00Z");
    expect(copy.numberOfOrders).toBe(35);
    expect(big.getOrder("gid://shopify/Order/2536365")!.customerId).toBe("gid://shopify/Customer/2017850");
  });

  it("limits to the first N customers and their orders", async () => {
    const small = await seedOnlineRetail({ limitCustomers: 10 });
    expect(small.customerCount()).toBe(10);
    for (let j = 0; j < small.orders.length; j++) expect(small.orders.customer[j]).toBeGreaterThanOrEqual(0);
  });
});

describe("the CSV splitter", () => {
  it("handles quoted fields with commas and doubled quotes", () => {
    const out: string[] = [];
    const n = splitCsvLine('"1","A","SET OF 3 ""TEA, COFFEE"" TINS",6,"2010-12-01 08:26:00",2.55,,"UK"', out);
    expect(n).toBe(8);
    expect(out.slice(0, 8)).toEqual(["1", "A", 'SET OF 3 "TEA, COFFEE" TINS', "6", "2010-12-01 08:26:00", "2.55", "", "UK"]);
  });
});
