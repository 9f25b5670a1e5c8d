// Shopify's privacy webhooks against a synced shop: a data request is recorded and its export can be
// downloaded by the merchant; a customer redact leaves no row that names the customer; a shop redact
// leaves nothing of that shop and everything of the other. And nothing we store names a person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";
import { BROWSER_HEADERS } from "../helpers/test-app";
import { recordAdvocacyAct } from "../../app/models/advocacy.server";
import { rowsMentioning, rowsOfShop } from "../helpers/db-introspection";

let shopify: LocalShopify;
let store: EmulatedShop;
let other: EmulatedShop;
const NOW = STORES["online-retail"].now;

/**
 * The jobs queued after the install have all run: the last one writes the segment sizes of the weeks
 * before install in one statement (with pg-boss it may start well after the sync ends).
 */
async function postInstallJobsDone(shop: string) {
  await waitFor(
    async () => (await prisma.segmentSnapshot.findMany({ where: { shop }, distinct: ["day"], select: { day: true } })).length > 1,
    { what: `the jobs queued after the install of ${shop}` },
  );
}

async function syncCompleted(shop: string) {
  try {
    return await waitFor(() => prisma.syncRun.findFirst({ where: { shop, status: "completed" } }), { what: `the first sync of ${shop}` });
  } catch (error) {
    throw new Error(`${String(error)}\n--- app output ---\n${shopify.app.output().slice(-3000)}`, { cause: error });
  }
}

beforeAll(async () => {
  store = await seedOnlineRetail({ limitCustomers: 25, now: new Date(NOW) });
  other = createEmptyShop({ domain: "other-shop.myshopify.com", now: new Date(NOW) });
  const buyer = other.addCustomer({ firstName: "Hanako", lastName: "Yamada", email: "hanako@example.jp" });
  other.addOrder({
    customerId: buyer,
    processedAt: "2011-11-01T10:00:00Z",
    lineItems: [{ title: "Tea", quantity: 1, unitPrice: "30.00" }],
  });
  shopify = await startLocalShopify({ shops: [store, other], now: NOW });
  expect((await shopify.openApp(store.domain)).status).toBe(200);
  expect((await shopify.openApp(other.domain)).status).toBe(200);
  await syncCompleted(store.domain);
  await syncCompleted(other.domain);
  await postInstallJobsDone(store.domain);
  await postInstallJobsDone(other.domain);
}, 180_000);

afterAll(async () => {
  await shopify?.stop();
});

function customerWithOrders(): { gid: string; numericId: string } {
  for (let index = 0; index < store.customerCount(); index++) {
    const snapshot = store.getCustomer(store.customers.id[index])!;
    if (snapshot.numberOfOrders >= 2) return { gid: snapshot.id, numericId: snapshot.legacyResourceId };
  }
  throw new Error("the seed has no repeat buyer");
}

describe("protected customer data", () => {
  it("no name or e-mail address of any emulated customer is stored, nor in the app's log", async () => {
    const people: string[] = [];
    for (const shop of [store, other]) {
      for (let index = 0; index < shop.customerCount(); index++) {
        const email = shop.customerEmail(index);
        if (email) people.push(email);
        people.push(shop.customerDisplayName(index));
      }
    }
    expect(people.length).toBeGreaterThan(40);
    const found: string[] = [];
    for (const needle of people) {
      for (const [table, rows] of Object.entries(await rowsMentioning(needle))) found.push(`${needle} in ${table} (${rows})`);
    }
    expect(found).toEqual([]);
    const log = shopify.app.output();
    expect(people.filter((needle) => log.includes(needle))).toEqual([]);
  });
});

describe("customers/data_request", () => {
  it("a bad signature gets 401 and records nothing", async () => {
    const { numericId } = customerWithOrders();
    const result = await shopify.emulator.sendWebhook({
      shop: store.domain,
      topic: "customers/data_request",
      payload: { shop_domain: store.domain, customer: { id: Number(numericId) }, orders_requested: [], data_request: { id: 9 } },
      tamper: true,
    });
    expect(result.status).toBe(401);
    expect(await prisma.dataRequest.count()).toBe(0);
  });

  it("is recorded, and the merchant downloads the customer's orders and segment history", async () => {
    const { gid, numericId } = customerWithOrders();
    const result = await shopify.emulator.sendWebhook({
      shop: store.domain,
      topic: "customers/data_request",
      payload: {
        shop_id: 1,
        shop_domain: store.domain,
        customer: { id: Number(numericId), email: "x@example.com" },
        orders_requested: [],
        data_request: { id: 9 },
      },
    });
    expect(result.status).toBe(200);
    const request = await prisma.dataRequest.findFirstOrThrow({ where: { shop: store.domain } });
    expect(request).toMatchObject({ customerId: gid, shopifyRequestId: "9", downloadedAt: null });

    const download = await fetch(`${shopify.app.url}/app/privacy/${request.id}`, {
      headers: { ...BROWSER_HEADERS, Authorization: `Bearer ${await shopify.emulator.sessionToken(store.domain)}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment");
    const data = (await download.json()) as { customerId: string; orders: { id: string }[]; segmentHistory: unknown[] };
    expect(data.customerId).toBe(gid);
    expect(data.orders.map((o) => o.id).sort()).toEqual(
      (await prisma.order.findMany({ where: { shop: store.domain, customerId: gid } })).map((o) => o.id).sort(),
    );
    expect(data.orders.length).toBeGreaterThanOrEqual(2);
    expect(data.segmentHistory.length).toBeGreaterThanOrEqual(1);
    expect((await prisma.dataRequest.findUniqueOrThrow({ where: { id: request.id } })).downloadedAt).not.toBeNull();
  });

  it("another shop's session cannot download it", async () => {
    const request = await prisma.dataRequest.findFirstOrThrow({ where: { shop: store.domain } });
    const download = await fetch(`${shopify.app.url}/app/privacy/${request.id}`, {
      headers: { ...BROWSER_HEADERS, Authorization: `Bearer ${await shopify.emulator.sessionToken(other.domain)}` },
    });
    expect(download.status).toBe(404);
  });

  it("a payload without a customer id is answered 400 and records nothing", async () => {
    const before = await prisma.dataRequest.count();
    const result = await shopify.emulator.sendWebhook({
      shop: store.domain,
      topic: "customers/data_request",
      payload: { shop_domain: store.domain, customer: { email: "x@example.com" } },
    });
    expect(result.status).toBe(400);
    expect(await prisma.dataRequest.count()).toBe(before);
  });
});

describe("customers/redact", () => {
  it("removes every row that names the customer and leaves the other customers as they were", async () => {
    const { gid, numericId } = customerWithOrders();
    const customersBefore = await prisma.customer.count({ where: { shop: store.domain } });
    const othersBefore = await prisma.customer.findMany({ where: { shop: store.domain, NOT: { id: gid } }, orderBy: { id: "asc" } });
    // Their first act of advocacy names them too (stored alone: a review would start the product's metafield refresh).
    await recordAdvocacyAct(store.domain, gid, new Date("2026-11-01T00:00:00Z"));
    expect(Object.keys(await rowsMentioning(gid))).toEqual(expect.arrayContaining(["CustomerAdvocacy"]));

    const result = await shopify.emulator.sendWebhook({
      shop: store.domain,
      topic: "customers/redact",
      payload: { shop_id: 1, shop_domain: store.domain, customer: { id: Number(numericId) }, orders_to_redact: [] },
    });
    expect(result.status).toBe(200);
    expect(await rowsMentioning(gid)).toEqual({});
    expect(await prisma.customer.count({ where: { shop: store.domain } })).toBe(customersBefore - 1);
    expect(await prisma.customer.findMany({ where: { shop: store.domain }, orderBy: { id: "asc" } })).toEqual(othersBefore);
  });
});

describe("shop/redact", () => {
  it("a bad signature gets 401 and erases nothing", async () => {
    const before = await rowsOfShop(other.domain);
    const result = await shopify.emulator.sendWebhook({
      shop: other.domain,
      topic: "shop/redact",
      payload: { shop_domain: other.domain },
      tamper: true,
    });
    expect(result.status).toBe(401);
    expect(await rowsOfShop(other.domain)).toEqual(before);
  });

  it("erases every row of the shop and nothing of another shop", async () => {
    const storeBefore = await rowsOfShop(store.domain);
    expect(Object.keys(await rowsOfShop(other.domain))).toEqual(expect.arrayContaining(["Customer", "Order", "Shop", "Session"]));
    const result = await shopify.emulator.sendWebhook({
      shop: other.domain,
      topic: "shop/redact",
      payload: { shop_id: 2, shop_domain: other.domain },
    });
    expect(result.status).toBe(200);
    expect(await rowsOfShop(other.domain)).toEqual({});
    expect(await rowsOfShop(store.domain)).toEqual(storeBefore);
  });
});
