// The emulator's customer journeys (resolvers-journeys.ts): schema-true fields on orders, not ready right
// after the order, moments as their own bulk lines with __parentId, the webhook REST fields.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createAdminGraphql } from "./admin-graphql";
import { bulkFilePath, findBulkOperation } from "./bulk-operations";
import { derivedJourneyOf, derivedRestVisitFields, JOURNEY_READY_AFTER_MS } from "./resolvers-journeys";
import { createEmptyShop, type EmulatedShop } from "./store";
import { orderWebhookPayload } from "./webhook-payloads";
import { seedStore } from "./seed";
import { channelOf } from "../../app/domain/touchpoints/channels";

const graphql = createAdminGraphql();

async function run(shop: EmulatedShop, query: string, variables?: Record<string, unknown>): Promise<any> {
  const { status, body } = await graphql(shop, { query, variables });
  expect(status).toBe(200);
  return body;
}

const VISIT = `id occurredAt source sourceType sourceDescription referrerUrl referralCode landingPage utmParameters { source medium campaign content term }`;
const JOURNEY = `customerJourneySummary { ready customerOrderIndex daysToConversion momentsCount { count precision }
  firstVisit { ${VISIT} } lastVisit { ${VISIT} } moments(first: 10) { nodes { occurredAt ... on CustomerVisit { id source } } } }`;

/** Customer 1: five orders of different products (one a test order); customer 2: one order placed a minute before "now". */
function journeyShop(): EmulatedShop {
  const shop = createEmptyShop({
    domain: "tabi.myshopify.com",
    now: new Date("2026-04-20T00:00:00Z"),
    currencyCode: "JPY",
    ianaTimezone: "Asia/Tokyo",
  });
  for (const id of [1, 2]) shop.addCustomer({ id, createdAt: "2025-12-01T00:00:00Z" });
  // a different product each time: no derived subscription (whose renewals carry no journey)
  const item = (sku: string) => [{ sku, quantity: 1, unitPrice: "3000" }];
  shop.addOrder({ id: 101, customerId: 1, processedAt: "2026-01-05T01:00:00Z", lineItems: item("TEA") });
  shop.addOrder({ id: 102, customerId: 1, processedAt: "2026-01-20T01:00:00Z", lineItems: item("CUP"), test: true });
  shop.addOrder({ id: 103, customerId: 1, processedAt: "2026-02-05T01:00:00Z", lineItems: item("POT") });
  shop.addOrder({ id: 104, customerId: 1, processedAt: "2026-03-05T01:00:00Z", lineItems: item("MUG") });
  shop.addOrder({ id: 105, customerId: 1, processedAt: "2026-04-01T01:00:00Z", lineItems: item("TRAY") });
  shop.addOrder({ id: 201, customerId: 2, processedAt: "2026-04-19T23:59:00Z", lineItems: item("TEA") });
  return shop;
}

describe("Order.customerJourneySummary", () => {
  it("serves the 2026-10 fields: visits in time order, the first visit daysToConversion days before the order", async () => {
    const shop = journeyShop();
    const body = await run(shop, `{ orders(first: 10, sortKey: ID) { nodes { id processedAt ${JOURNEY} } } }`);
    expect(body.errors).toBeUndefined();
    const orders = body.data.orders.nodes;
    expect(orders.map((o: any) => o.customerJourneySummary.customerOrderIndex)).toEqual([1, null, 2, 3, 4, 1]);
    for (const order of orders.filter((o: any) => o.customerJourneySummary.ready && o.customerJourneySummary.firstVisit)) {
      const summary = order.customerJourneySummary;
      const days = (Date.parse(order.processedAt) - Date.parse(summary.firstVisit.occurredAt)) / 86_400_000;
      expect(Math.floor(days)).toBe(summary.daysToConversion);
      expect(summary.momentsCount).toEqual({ count: summary.moments.nodes.length, precision: "EXACT" });
      expect(summary.moments.nodes[0].id).toBe(summary.firstVisit.id);
      expect(summary.moments.nodes.at(-1).id).toBe(summary.lastVisit.id);
      if (summary.momentsCount.count === 1) expect(summary.lastVisit).toEqual(summary.firstVisit);
    }
    const first = orders[0].customerJourneySummary;
    expect(first).toMatchObject({ ready: true, customerOrderIndex: 1 });
    expect(first.firstVisit.landingPage.startsWith("https://tabi.myshopify.com/")).toBe(true);
  });

  it("is not ready for two minutes after the order: no visits, momentsCount null; then it is", async () => {
    const shop = journeyShop();
    const query = `{ order(id: "gid://shopify/Order/201") { ${JOURNEY} } }`;
    expect((await run(shop, query)).data.order.customerJourneySummary).toEqual({
      ready: false,
      customerOrderIndex: 1,
      daysToConversion: null,
      momentsCount: null,
      firstVisit: null,
      lastVisit: null,
      moments: { nodes: [] },
    });
    shop.setNow(new Date(Date.parse("2026-04-19T23:59:00Z") + JOURNEY_READY_AFTER_MS));
    const ready = (await run(shop, query)).data.order.customerJourneySummary;
    expect(ready.ready).toBe(true);
    expect(ready.momentsCount.count).toBeGreaterThanOrEqual(ready.firstVisit === null ? 0 : 1);
  });

  it("refuses a field CustomerVisit does not have, as Shopify does", async () => {
    const body = await run(
      journeyShop(),
      `{ order(id: "gid://shopify/Order/101") { customerJourneySummary { firstVisit { utmSource } } } }`,
    );
    expect(body.errors[0].message).toContain("Field 'utmSource' doesn't exist on type 'CustomerVisit'");
  });

  it("writes each moment of a bulk query as its own line, __parentId = the order", async () => {
    const shop = journeyShop();
    const query = `{ orders { edges { node { id customerJourneySummary { ready firstVisit { source utmParameters { source medium } }
      moments { edges { node { ... on CustomerVisit { id occurredAt } } } } } } } } }`;
    const started = await run(
      shop,
      `mutation Run($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id } userErrors { message } } }`,
      { query },
    );
    expect(started.data.bulkOperationRunQuery.userErrors).toEqual([]);
    const id = started.data.bulkOperationRunQuery.bulkOperation.id;
    await findBulkOperation(shop, id)!.finished;
    const polled = await run(shop, `query Poll($id: ID!) { bulkOperation(id: $id) { status url } }`, { id });
    const lines = fs
      .readFileSync(bulkFilePath(polled.data.bulkOperation.url), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const orderLine = lines.find((l) => l.id === "gid://shopify/Order/101");
    const moments = lines.filter((l) => l.__parentId === "gid://shopify/Order/101");
    const journey = derivedJourneyOf(shop, shop.orderIndex("gid://shopify/Order/101"))!;
    expect(moments.map((m) => m.id)).toEqual(journey.visits.map((v) => `gid://shopify/CustomerVisit/${v.id}`));
    expect(orderLine.customerJourneySummary.ready).toBe(true);
    expect(lines.filter((l) => l.__parentId === "gid://shopify/Order/201")).toEqual([]);
  });

  it("puts the last visit's landing path and referrer in the order webhook's REST fields", () => {
    const shop = journeyShop();
    for (const id of [101, 103, 104, 105]) {
      const o = shop.orderIndex(`gid://shopify/Order/${id}`);
      const payload = orderWebhookPayload(shop, id) as Record<string, unknown>;
      const journey = derivedJourneyOf(shop, o)!;
      const last = journey.visits.at(-1);
      expect({ landing_site: payload.landing_site, referring_site: payload.referring_site, source_name: payload.source_name }).toEqual({
        ...derivedRestVisitFields(shop, o),
        source_name: "web",
      });
      if (last)
        expect(`https://tabi.myshopify.com${String(payload.landing_site)}`).toBe(
          `https://tabi.myshopify.com${last.template.landingPath}${last.template.utm ? `?utm_source=${last.template.utm.source}&utm_medium=${last.template.utm.medium}&utm_campaign=${last.template.utm.campaign}${last.template.utm.content ? `&utm_content=${last.template.utm.content}` : ""}${last.template.utm.term ? `&utm_term=${last.template.utm.term}` : ""}` : ""}`,
        );
    }
  });
});

describe("the demo store's synthesized journeys (Online Retail, now 2011-12-10)", () => {
  it("maps the first orders' first visits to every channel (through channelOf), in the documented shares", async () => {
    const shop = await seedStore("online-retail");
    const O = shop.orders;
    const byChannel: Record<string, number> = {};
    let renewals = 0;
    for (let o = 0; o < O.length; o++) {
      const journey = derivedJourneyOf(shop, o);
      if (journey === null) {
        renewals += 1;
        continue;
      }
      if (journey.customerOrderIndex !== 1) continue;
      const visit = journey.visits[0];
      const channel =
        visit === undefined
          ? "unknown"
          : channelOf({
              source: visit.template.source,
              sourceType: visit.template.sourceType as never,
              referrerHost: visit.template.referrerUrl,
              utmSource: visit.template.utm?.source,
              utmMedium: visit.template.utm?.medium,
              utmCampaign: visit.template.utm?.campaign,
            });
      byChannel[channel] = (byChannel[channel] ?? 0) + 1;
    }
    // 4,339 first orders, shares as VISIT_TEMPLATES weighs them (search 24 %, paid 12 %, social 16 %, …);
    // the 4,744 renewals of the derived subscriptions carry no journey
    expect({ renewals, byChannel }).toEqual({
      renewals: 4744,
      byChannel: {
        "organic-search": 1061,
        "paid-search": 551,
        social: 665,
        email: 165,
        messaging: 467,
        referral: 335,
        direct: 694,
        other: 235,
        unknown: 166,
      },
    });
  }, 120_000);
});
