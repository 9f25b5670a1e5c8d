// The emulator's abandonedCheckouts: schema-true answers, derived deterministically from the store.
import { beforeAll, describe, expect, it } from "vitest";
import { createAdminGraphql } from "./admin-graphql";
import { seedOnlineRetail } from "./seed-online-retail";
import { createEmptyShop, type EmulatedShop } from "./store";
import { describeAbandonedCheckouts } from "./resolvers-abandoned-checkouts";

const graphql = createAdminGraphql();

async function run(shop: EmulatedShop, query: string, variables?: Record<string, unknown>) {
  const { status, body } = await graphql(shop, { query, variables });
  expect(status).toBe(200);
  return body as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const PAGE = `query Page($first: Int!, $after: String, $query: String) {
  abandonedCheckouts(first: $first, after: $after, query: $query) {
    nodes { id createdAt updatedAt completedAt customer { id } totalPriceSet { shopMoney { amount currencyCode } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let retail: EmulatedShop;
beforeAll(async () => {
  retail = await seedOnlineRetail({ limitCustomers: 400, plan: { bucketSize: 1_000_000, restoreRate: 1_000_000 } });
});

describe("abandonedCheckouts in the emulator", () => {
  it("pages through every derived checkout, each before the shop's now, linked to a customer", async () => {
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const body = await run(retail, PAGE, { first: 250, after });
      expect(body.errors).toBeUndefined();
      seen.push(...body.data.abandonedCheckouts.nodes);
      after = body.data.abandonedCheckouts.pageInfo.hasNextPage ? body.data.abandonedCheckouts.pageInfo.endCursor : null;
    } while (after);
    const derived = describeAbandonedCheckouts(retail);
    expect(seen.map((n) => n.id)).toEqual(derived.map((d) => d.id));
    expect(new Set(seen.map((n) => n.id)).size).toBe(seen.length);
    expect(seen.every((n) => Date.parse(n.createdAt) <= retail.now().getTime())).toBe(true);
    expect(seen.every((n) => n.customer !== null && n.totalPriceSet.shopMoney.currencyCode === "GBP")).toBe(true);
    // Every Online Retail customer bought: 45 % abandon before their first order, 15 % before later ones.
    const buyers = retail.customerCount();
    const beforeFirst = new Set(seen.map((n) => n.customer.id)).size;
    expect(beforeFirst / buyers).toBeGreaterThan(0.3);
    expect(beforeFirst / buyers).toBeLessThan(0.8);
  });

  it("is the same store after store: derived from ids, not chance", async () => {
    const again = await seedOnlineRetail({ limitCustomers: 400 });
    expect(describeAbandonedCheckouts(again)).toEqual(describeAbandonedCheckouts(retail));
  });

  it("filters by recovery state and updated_at as Shopify does, and counts", async () => {
    const recovered = await run(retail, PAGE, { first: 250, query: "recovery_state:recovered" });
    expect(recovered.data.abandonedCheckouts.nodes.every((n: any) => n.completedAt !== null && n.updatedAt === n.completedAt)).toBe(true);
    const count = await run(retail, `{ abandonedCheckoutsCount(query: "recovery_state:recovered") { count precision } }`);
    expect(count.data.abandonedCheckoutsCount).toEqual({
      count: describeAbandonedCheckouts(retail).filter((d) => d.completedAt !== null).length,
      precision: "EXACT",
    });
    const since = "2011-11-01T00:00:00Z";
    const recent = await run(retail, PAGE, { first: 250, query: `updated_at:>='${since}'` });
    expect(recent.data.abandonedCheckouts.nodes.length).toBeGreaterThan(0);
    expect(recent.data.abandonedCheckouts.nodes.every((n: any) => Date.parse(n.updatedAt) >= Date.parse(since))).toBe(true);
  });

  it("a customer who never ordered may have abandoned one checkout and never completed it", async () => {
    const shop = createEmptyShop({ domain: "prospects.myshopify.com", now: new Date("2026-11-23T00:00:00Z") });
    for (let i = 0; i < 50; i++) shop.addCustomer({ createdAt: "2026-10-01T00:00:00Z" });
    const derived = describeAbandonedCheckouts(shop);
    expect(derived.length).toBeGreaterThan(5);
    expect(derived.length).toBeLessThan(45);
    expect(derived.every((d) => d.completedAt === null && d.customerId !== null)).toBe(true);
  });

  it("refuses a field it does not emulate rather than answering null", async () => {
    const body = await run(retail, `{ abandonedCheckouts(first: 1) { nodes { id billingAddress { city } } } }`);
    expect(body.errors?.[0].message).toMatch(/billingAddress/);
  });

  it("needs read_orders", async () => {
    const shop = createEmptyShop({ domain: "noscope.myshopify.com", scopes: ["read_customers"] });
    const body = await run(shop, PAGE, { first: 1 });
    expect(body.errors?.[0].extensions?.code).toBe("ACCESS_DENIED");
  });
});
