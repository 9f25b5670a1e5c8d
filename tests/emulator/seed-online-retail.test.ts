import { beforeAll, describe, expect, it } from "vitest";
import { loadOnlineRetailSeed, ONLINE_RETAIL_DOMAIN, seedOnlineRetail, splitCsvLine } from "./seed-online-retail";
import { FINANCIAL_STATUSES, type EmulatedShop } from "./store";

let shop: EmulatedShop;

beforeAll(async () => {
  shop = await seedOnlineRetail();
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

  it("has 20,725 orders: 25,900 invoices less 3 bad-debt adjustments, 1,336 stock write-offs and 3,836 credit notes", async () => {
    const { stats } = await loadOnlineRetailSeed();
    expect(stats.skippedAdjustmentInvoices).toBe(3);
    expect(stats.skippedStockWriteOffInvoices).toBe(1_336);
    expect(stats.creditNotes).toBe(3_836);
    expect(shop.orderCount()).toBe(20_725);
  });

  it("turns credit notes into refunds, not orders: no order is cancelled, 3,561 are refunded, 199 of them in full", () => {
    const O = shop.orders;
    let refunded = 0;
    let full = 0;
    for (let j = 0; j < O.length; j++) {
      expect(O.cancelledAt[j]).toBeNaN();
      expect(O.name(j)).toMatch(/^#\d{6}$/);
      expect(O.refundedCents[j]).toBeLessThanOrEqual(O.totalCents[j]);
      const status = FINANCIAL_STATUSES[O.financial[j]];
      if (O.refundedCents[j] === 0) {
        expect(status).toBe("PAID");
        continue;
      }
      refunded++;
      expect(O.refundedAt[j]).toBeGreaterThanOrEqual(O.processedAt[j]);
      if (O.refundedCents[j] === O.totalCents[j]) full++;
      expect(status).toBe(O.refundedCents[j] === O.totalCents[j] ? "REFUNDED" : "PARTIALLY_REFUNDED");
    }
    expect(refunded).toBe(3_561);
    expect(full).toBe(199);
  });

  it("refunds customer 16446's £168,469.60 order 581483 in full by credit note C581484 twelve minutes later: net spend £2.90", () => {
    const order = shop.getOrder("gid://shopify/Order/581483")!;
    expect(order.lineItems).toHaveLength(1);
    expect(order.lineItems[0]).toMatchObject({ sku: "23843", quantity: 80_995, unitPrice: "2.08" });
    expect(order.totalPrice).toBe("168469.6");
    expect(order.totalRefunded).toBe("168469.6");
    expect(order.displayFinancialStatus).toBe("REFUNDED");
    expect(order.cancelledAt).toBeNull();
    const j = shop.orders.index.find(581483);
    expect(new Date(shop.orders.refundedAt[j]).toISOString()).toBe("2011-12-09T09:27:00.000Z");
    const customer = shop.getCustomer("gid://shopify/Customer/16446")!;
    expect(customer.numberOfOrders).toBe(2); // 553573 (£2.90, paid) and 581483 (refunded)
    expect(customer.amountSpent).toBe("2.9");
  });

  it("refunds credited goods from the latest earlier sale of the same StockCode, part of a line when fewer units come back", () => {
    // C537805 (2010-12-08) credits 1 × 35004C at £4.65 to customer 15311, who bought 12 on 537195 (2010-12-05).
    const j = shop.orders.index.find(537195);
    expect(shop.orders.refundedCents[j]).toBeGreaterThanOrEqual(465);
    expect(FINANCIAL_STATUSES[shop.orders.financial[j]]).toBe("PARTIALLY_REFUNDED");
  });

  it("refunds a credit that names no earlier sale of its goods against the customer's latest earlier order, as money", () => {
    // Customer 15311's order 536381 (2010-12-01 09:41) gets £4.65 from C536383 (09:49: 1 × 35004C, not bought
    // before) and £3.18 from C537805 (2010-12-08: 3 of its 36 × 22719 at £1.06; later sales of 22719 are not
    // earlier than the credit note).
    const j = shop.orders.index.find(536381);
    expect(shop.orders.refundedCents[j]).toBe(465 + 318);
    expect(new Date(shop.orders.refundedAt[j]).toISOString()).toBe("2010-12-08T13:18:00.000Z");
  });

  it("drops credit notes without an earlier order: customer 14527's £27.50 discount C536379 comes before any purchase", () => {
    const first = shop.getOrder("gid://shopify/Order/537159")!;
    expect(first.customerId).toBe("gid://shopify/Customer/14527");
    expect(shop.getCustomer("gid://shopify/Customer/14527")!.createdAt).toBe("2010-12-01T09:41:00Z");
  });

  it("accounts for every credited penny: refunded by line + refunded as money + dropped = the customers' credit notes", async () => {
    const { stats } = await loadOnlineRetailSeed();
    expect(stats.guestCreditNotes).toBe(182);
    expect(stats.creditCents).toBe(61_134_209);
    expect(stats.refundedByLineCents).toBe(45_013_318);
    expect(stats.refundedAsMoneyCents).toBe(10_498_676);
    expect(stats.droppedCreditCents).toBe(5_622_215);
    expect(stats.refundedByLineCents + stats.refundedAsMoneyCents + stats.droppedCreditCents).toBe(stats.creditCents);
    let refunded = 0;
    for (let j = 0; j < shop.orders.length; j++) refunded += shop.orders.refundedCents[j];
    expect(refunded).toBe(stats.refundedByLineCents + stats.refundedAsMoneyCents);
  });

  it("has 2,189 guest orders (no CustomerID); the 182 guest credit notes are dropped", () => {
    let guests = 0;
    for (let j = 0; j < shop.orders.length; j++) if (shop.orders.customer[j] < 0) guests++;
    expect(guests).toBe(2_189);
  });

  it("keeps the 531,282 line items of sales, of 4,070 products", async () => {
    const { stats } = await loadOnlineRetailSeed();
    expect(stats.lineItems).toBe(531_282);
    expect(stats.products).toBe(4_070);
  });

  it("reconciles with the README: sales − credit notes − the £11,062.06 adjustment = Σ Quantity × UnitPrice = 9,747,747.93", async () => {
    const { stats } = await loadOnlineRetailSeed();
    const guestCredits = 28_547_040; // the 182 guest credit notes
    expect(stats.totalCents).toBe(1_065_562_248);
    expect(stats.totalCents - stats.creditCents - guestCredits - 1_106_206).toBe(974_774_793);
  });

  it("maps customer 17850 (the first row) with its first invoice as createdAt and 35 orders", () => {
    const c = shop.getCustomer("gid://shopify/Customer/17850")!;
    expect(c.createdAt).toBe("2010-12-01T08:26:00Z");
    expect(c.numberOfOrders).toBe(34);
    expect(c.amountSpent).toBe("5288.63"); // £5,391.21 sold less £102.58 credited
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

  it("scales to N copies with fresh ids and the same dates", async () => {
    const big = await seedOnlineRetail({ scale: 3 });
    expect(big.customerCount()).toBe(3 * 4_372);
    expect(big.orderCount()).toBe(3 * 20_725);
    const copy = big.getCustomer("gid://shopify/Customer/2017850")!;
    expect(copy.createdAt).toBe("2010-12-01T08:26:00Z");
    expect(copy.numberOfOrders).toBe(34);
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
