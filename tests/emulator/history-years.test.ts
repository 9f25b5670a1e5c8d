// A scaled store's copies spread over years (bench:backfill --history-years): copy k moved back
// k mod historyYears years of 52 weeks, every date of it, ids as without the option.
import { describe, expect, it } from "vitest";
import { seedOnlineRetail } from "./seed-online-retail";

const YEAR_OF_WEEKS_MS = 52 * 7 * 86_400_000;

describe("a scaled store spread over history years", () => {
  it("moves copy 1 back one year of 52 weeks and copy 2 (of 2 years) not at all", async () => {
    const store = await seedOnlineRetail({ limitCustomers: 5, scale: 3, historyYears: 2 });
    const { orders, customers } = store;
    const perCopy = store.orderCount() / 3;
    const customersPerCopy = store.customerCount() / 3;
    for (let i = 0; i < perCopy; i++) {
      expect(orders.processedAt[perCopy + i]).toBe(orders.processedAt[i] - YEAR_OF_WEEKS_MS);
      expect(orders.processedAt[2 * perCopy + i]).toBe(orders.processedAt[i]);
      if (!Number.isNaN(orders.fulfilledAt[i])) expect(orders.fulfilledAt[perCopy + i]).toBe(orders.fulfilledAt[i] - YEAR_OF_WEEKS_MS);
    }
    expect(customers.createdAt[customersPerCopy]).toBe(customers.createdAt[0] - YEAR_OF_WEEKS_MS);
    expect(orders.id[perCopy] - orders.id[0]).toBe(1_000_000);
  });
});
