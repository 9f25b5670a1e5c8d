// GIVEN a store whose orders have customer journeys (the emulator's, schema-true), WHEN the first sync runs,
// THEN every order has its OrderJourney row from the same bulk read (channel inputs only); WHEN an order
// arrives by webhook before Shopify has attributed its sessions, THEN a provisional row is stored at once,
// and the re-read job replaces it by the ready summary once Shopify has one — reading it again, or the
// webhook again, changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { hostOf } from "../../app/domain/touchpoints/channels";
import { applyChanges } from "../../app/jobs/process-webhooks.server";
import { rereadJourneys, REREAD_AFTER_MS } from "../../app/jobs/reread-journeys.server";
import { backfillRecords } from "../../app/jobs/sync-shop.server";
import { loadOrderJourneys } from "../../app/models/touchpoints.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import { mapWebhookPayload } from "../../app/shopify/map-webhook-payload";
import { registerApp } from "../emulator/app-config";
import { derivedJourneyOf } from "../emulator/resolvers-journeys";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { startEmulator, type Emulator } from "../emulator/server";
import type { EmulatedShop } from "../emulator/store";
import { orderWebhookPayload } from "../emulator/webhook-payloads";
import { TEST_APP } from "../helpers/test-app";

const NOW = new Date(STORES["online-retail"].now);
let emulator: Emulator;
let store: EmulatedShop;

function adminClient(): AdminClient {
  return createAdminClient({
    shop: store.domain,
    accessToken: store.accessToken,
    endpoint: `${emulator.url}/admin/api/2026-10/graphql.json`,
  });
}

beforeAll(async () => {
  store = await seedOnlineRetail({ limitCustomers: 60, now: NOW, plan: { bucketSize: 1000, restoreRate: 250 } });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  await prisma.shop.upsert({ where: { shop: store.domain }, create: { shop: store.domain }, update: {} });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
});

describe("journeys in the backfill", () => {
  it("stores one journey per order from the orders file, as Shopify's summary has it", async () => {
    await backfillRecords({ shop: store.domain, admin: adminClient(), now: () => NOW, bulk: { firstPollMs: 20, maxPollMs: 100 } });
    const rows = await prisma.orderJourney.findMany({ where: { shop: store.domain } });
    expect(rows.length).toBe(store.orderCount());
    expect(rows.length).toBeGreaterThan(100);
    let withVisits = 0;
    for (const row of rows) {
      const o = store.orderIndex(row.orderId);
      const journey = derivedJourneyOf(store, o);
      expect(row.origin).toBe("summary");
      expect(row.processedAt?.getTime()).toBe(store.orders.processedAt[o]);
      if (journey === null) {
        expect(row).toMatchObject({ ready: true, firstSource: null, lastSource: null });
        continue;
      }
      expect(row.ready).toBe(journey.ready);
      expect(row.customerOrderIndex).toBe(journey.customerOrderIndex);
      expect(row.daysToConversion).toBe(journey.daysToConversion);
      const [first, last] = [journey.visits[0], journey.visits.at(-1)];
      if (!first || !last) continue;
      withVisits += 1;
      expect(row.momentsCount).toBe(journey.visits.length);
      expect(row).toMatchObject({
        firstSource: first.template.source,
        firstSourceType: first.template.sourceType,
        firstUtmSource: first.template.utm?.source ?? null,
        firstUtmMedium: first.template.utm?.medium ?? null,
        firstUtmCampaign: first.template.utm?.campaign ?? null,
        firstReferrerHost: hostOf(first.template.referrerUrl),
        lastSource: last.template.source,
        lastReferrerHost: hostOf(last.template.referrerUrl),
      });
      expect(row.firstOccurredAt?.getTime()).toBe(first.occurredAt);
      expect(row.lastOccurredAt?.getTime()).toBe(last.occurredAt);
    }
    // Renewals of derived subscriptions have no journey; 4 % of the others no visit.
    expect(withVisits).toBeGreaterThan(rows.length / 2);
    // Nothing that holds a URL or a query string is stored.
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/https?:|\?|utm_/);
  }, 120_000);
});

describe("journeys from webhooks and the re-read", () => {
  it("stores the webhook's fields at once, the ready summary when Shopify has it, and nothing twice", async () => {
    const processedAt = new Date(NOW.getTime() + 60_000);
    store.setNow(processedAt);
    const customerId = store.customers.id[0];
    const orderId = store.addOrder({ customerId, processedAt, lineItems: [{ sku: "85123A", quantity: 2, unitPrice: "2.55" }] });
    const facts = mapWebhookPayload("orders/create", orderWebhookPayload(store, orderId));
    const admin = adminClient();
    await applyChanges(store.domain, admin, [facts]);
    const provisional = (await loadOrderJourneys(store.domain, [orderId])).get(orderId)!;
    expect(provisional).toMatchObject({ origin: "webhook", ready: false });
    expect(provisional.first).toEqual(facts.kind === "order" ? facts.journey!.first : null);

    // Too early: the order is not 5 minutes old.
    const wall = new Date();
    expect(await rereadJourneys({ shop: store.domain, admin, asOf: processedAt, now: wall })).toEqual({ read: 0, ready: 0 });
    // Shopify has attributed the sessions; our clocks have moved on past the wait.
    const later = new Date(processedAt.getTime() + REREAD_AFTER_MS + 60_000);
    store.setNow(later);
    const laterWall = new Date(wall.getTime() + REREAD_AFTER_MS + 60_000);
    expect(await rereadJourneys({ shop: store.domain, admin, asOf: later, now: laterWall })).toEqual({ read: 1, ready: 1 });
    const ready = (await loadOrderJourneys(store.domain, [orderId])).get(orderId)!;
    const journey = derivedJourneyOf(store, store.orderIndex(orderId))!;
    expect(ready).toMatchObject({ origin: "summary", ready: true, momentsCount: journey.visits.length });
    expect(ready.first?.source ?? null).toBe(journey.visits[0]?.template.source ?? null);
    const row = await prisma.orderJourney.findUniqueOrThrow({ where: { shop_orderId: { shop: store.domain, orderId } } });
    expect(row.processedAt?.getTime()).toBe(processedAt.getTime());

    // Idempotent: nothing is left to read, and the webhook delivered again keeps the ready summary.
    expect(await rereadJourneys({ shop: store.domain, admin, asOf: later, now: new Date(laterWall.getTime() + REREAD_AFTER_MS) })).toEqual({
      read: 0,
      ready: 0,
    });
    await applyChanges(store.domain, admin, [facts]);
    expect((await loadOrderJourneys(store.domain, [orderId])).get(orderId)).toEqual(ready);
  }, 60_000);
});
