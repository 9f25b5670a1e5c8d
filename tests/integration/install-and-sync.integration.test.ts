// GIVEN a store seeded from the real Online Retail data, WHEN the merchant opens the app for the
// first time (install), THEN the app syncs, segments every customer and tags them on Shopify.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

const MERCHANT_TAG = "wholesale";
let shopify: LocalShopify;
let store: EmulatedShop;
const ownTags = (tags: string[]) => tags.filter((t) => t.startsWith("tsunagu:"));

async function customerTagsOnShopify(): Promise<Map<string, string[]>> {
  const rows = await prisma.customer.findMany({ where: { shop: store.domain }, select: { id: true } });
  return new Map(rows.map((r) => [r.id, store.customerTags(r.id)]));
}

beforeAll(async () => {
  // A rate limit small enough that the sync needs several buckets.
  store = await seedOnlineRetail({
    limitCustomers: 120,
    now: new Date(STORES["online-retail"].now),
    plan: { bucketSize: 1000, restoreRate: 250 },
  });
  shopify = await startLocalShopify({ shops: [store], now: STORES["online-retail"].now });
  // The merchant already tags some customers; Tsunagu must never touch those tags.
  const some = await shopify.adminApi<{ customers: { nodes: { id: string }[] } }>(store, `query { customers(first: 5) { nodes { id } } }`);
  for (const { id } of some.customers.nodes) {
    await shopify.adminApi(store, `mutation($id: ID!) { tagsAdd(id: $id, tags: ["${MERCHANT_TAG}"]) { userErrors { message } } }`, { id });
  }
}, 120_000);

afterAll(async () => {
  await shopify?.stop();
});

describe("install → sync → segments → tags", () => {
  it("opening the app the first time installs it and runs the first sync to completion", async () => {
    const response = await shopify.openApp(store.domain);
    expect(response.status).toBe(200);
    const run = await waitFor(
      async () => {
        const latest = await prisma.syncRun.findFirst({ where: { shop: store.domain }, orderBy: { id: "desc" } });
        if (latest?.status === "failed") throw new Error(`sync failed: ${latest.error}`);
        return latest?.status === "completed" ? latest : null;
      },
      { timeoutMs: 120_000, what: "the first sync" },
    );
    expect(run.customersRead).toBe(store.customerCount());
    expect(await prisma.customer.count({ where: { shop: store.domain } })).toBe(store.customerCount());
    expect(run.tagsWritten).toBe(store.customerCount());
    const session = await prisma.session.findFirst({ where: { shop: store.domain, isOnline: false } });
    expect(session?.accessToken).toBe(store.accessToken);
  }, 150_000);

  it("every customer carries exactly the tag of its segment in the database", async () => {
    const stages = await prisma.customer.findMany({ where: { shop: store.domain }, select: { id: true, stage: true } });
    const tags = await customerTagsOnShopify();
    for (const { id, stage } of stages) expect(ownTags(tags.get(id)!)).toEqual([`tsunagu:${stage}`]);
    const distinctStages = new Set(stages.map((s) => s.stage));
    expect(distinctStages.size).toBeGreaterThanOrEqual(3);
  });

  it("keeps the merchant's own tags", async () => {
    const tagged = [...(await customerTagsOnShopify()).values()].filter((tags) => tags.includes(MERCHANT_TAG));
    expect(tagged).toHaveLength(5);
    for (const tags of tagged) expect(tags).toHaveLength(2);
  });

  it("records each customer's first stage as a transition from nothing", async () => {
    const transitions = await prisma.segmentTransition.findMany({ where: { shop: store.domain } });
    expect(transitions).toHaveLength(store.customerCount());
    expect(transitions.every((t) => t.fromStage === null)).toBe(true);
  });

  it("was never throttled: the client paced itself to the restore rate", () => {
    const requests = shopify.emulator.requestLog.filter((r) => r.shop === store.domain);
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((r) => r.throttled)).toHaveLength(0);
  });

  it("running the sync again changes nothing: no transitions, no tag writes", async () => {
    const before = {
      transitions: await prisma.segmentTransition.count({ where: { shop: store.domain } }),
      tags: await customerTagsOnShopify(),
    };
    const session = await prisma.session.findFirstOrThrow({ where: { shop: store.domain, isOnline: false } });
    const admin = createAdminClient({
      shop: store.domain,
      accessToken: session.accessToken,
      endpoint: `${shopify.emulator.url}/admin/api/2026-10/graphql.json`,
    });
    await syncShop({ shop: store.domain, admin, now: () => new Date(STORES["online-retail"].now), kind: "resync" });
    const run = await prisma.syncRun.findFirstOrThrow({ where: { shop: store.domain }, orderBy: { id: "desc" } });
    expect(run.kind).toBe("resync");
    expect(run.tagsWritten).toBe(0);
    expect(await prisma.segmentTransition.count({ where: { shop: store.domain } })).toBe(before.transitions);
    expect(await customerTagsOnShopify()).toEqual(before.tags);
  }, 120_000);
});
