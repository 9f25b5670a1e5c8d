// The review-eligibility job against the emulator: it writes each customer's app-owned metafields
// ($app:tsunagu reviewable_products / welcome_back) that the storefront blocks read, creates the
// definitions with storefront read access once, and writes only what changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { jobQueue } from "../../app/queue/job-queue.server";
import { refreshReviewEligibility } from "../../app/jobs/review-eligibility.server";
import { replaceOrderLines } from "../../app/models/order.server";
import { registerShop } from "../../app/models/shop.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import { APP_METAFIELD_DEFINITIONS, createAppMetafieldDefinition } from "../../app/shopify/metafields.server";
import { registerApp } from "../emulator/app-config";
import { metafieldDefinitions, storedMetafield } from "../emulator/resolvers-metafields";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

const NOW = new Date("2026-11-23T00:00:00Z");
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const daysAfter = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

let emulator: Emulator;
let store: EmulatedShop;
let admin: AdminClient;
let shop: string;
const customers: Record<"aiko" | "ben" | "chie" | "daichi", string> = { aiko: "", ben: "", chie: "", daichi: "" };
const MUG = "gid://shopify/Product/1";
const TEA = "gid://shopify/Product/2";
const BOWL = "gid://shopify/Product/3";

const reviewable = (customerId: string) => storedMetafield(store, customerId, "$app:tsunagu", "reviewable_products");
const welcomeBack = (customerId: string) => storedMetafield(store, customerId, "$app:tsunagu", "welcome_back");
const requestsDuring = async (work: () => Promise<unknown>) => {
  const before = emulator.requestLog.length;
  await work();
  return emulator.requestLog.length - before;
};

async function addOrder(id: string, customerId: string, productIds: string[], fulfilledAt: Date | null) {
  await prisma.order.create({
    data: { shop, id, customerId, processedAt: daysBefore(40), shopifyUpdatedAt: daysBefore(40), totalPrice: 4800, fulfilledAt },
  });
  await replaceOrderLines(shop, [{ orderId: id, lines: productIds.map((productId) => ({ productId, quantity: 1 })) }]);
}

async function addReview(customerId: string, productId: string) {
  await prisma.review.create({
    data: { shop, customerId, productId, rating: 5, title: "良い", body: "毎日使っています", status: "published" },
  });
}

beforeAll(async () => {
  store = createEmptyShop({ domain: "review-eligibility.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: NOW });
  shop = store.domain;
  for (const name of Object.keys(customers) as (keyof typeof customers)[])
    customers[name] = store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" });
  // Products 1–3 exist in the shop (product references are checked by Shopify).
  store.addOrder({
    customerId: customers.aiko,
    processedAt: daysBefore(40),
    lineItems: ["mug", "tea", "bowl"].map((sku) => ({ sku, quantity: 1, unitPrice: 1600 })),
  });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  admin = createAdminClient({ shop, accessToken: store.accessToken });
  await registerShop(shop);
  await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: store.accessToken } });

  // GIVEN Aiko's mug and tea arrived 20 days ago, Ben's bowl 5 days ago, Chie reviewed her mug,
  // and Daichi came back from dormancy 3 days ago.
  await addOrder("gid://shopify/Order/1", customers.aiko, [MUG, TEA], daysBefore(20));
  await addOrder("gid://shopify/Order/2", customers.ben, [BOWL], daysBefore(5));
  await addOrder("gid://shopify/Order/3", customers.chie, [MUG], daysBefore(30));
  await addOrder("gid://shopify/Order/4", customers.ben, [TEA], null);
  await addReview(customers.chie, MUG);
  await prisma.segmentTransition.create({
    data: { shop, customerId: customers.daichi, fromStage: "dormant", toStage: "regular", at: daysBefore(3), reason: "new-order" },
  });
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

describe("review-eligibility job", () => {
  it("writes the products a buyer may review 14 days after fulfilment, and creates the definitions with storefront read", async () => {
    const result = await refreshReviewEligibility({ shop, admin, asOf: NOW });

    expect(JSON.parse(reviewable(customers.aiko)!.value)).toEqual([MUG, TEA]);
    expect(reviewable(customers.aiko)).toMatchObject({ type: "list.product_reference", namespace: "app--1000001--tsunagu" });
    expect(reviewable(customers.ben)).toBeUndefined(); // delivered 5 days ago; the tea is not fulfilled
    expect(reviewable(customers.chie)).toBeUndefined(); // already reviewed
    expect(welcomeBack(customers.daichi)?.value).toBe("true");
    expect(result).toEqual({ customersWritten: 2, metafieldsSet: 2, metafieldsDeleted: 0 });
    expect(metafieldDefinitions(store).map((d) => [d.ownerType, d.key, d.type, d.storefrontAccess])).toEqual([
      ["CUSTOMER", "reviewable_products", "list.product_reference", "PUBLIC_READ"],
      ["CUSTOMER", "welcome_back", "boolean", "PUBLIC_READ"],
      ["PRODUCT", "review_summary", "json", "PUBLIC_READ"],
    ]);
  });

  it("makes no call at all when nothing changed", async () => {
    expect(await requestsDuring(() => refreshReviewEligibility({ shop, admin, asOf: NOW }))).toBe(0);
  });

  it("after a review, the job for that customer (through the queue) drops the product with one call", async () => {
    await addReview(customers.aiko, MUG);
    const requests = await requestsDuring(async () => {
      await jobQueue.enqueue("review-eligibility", { shop, customerId: customers.aiko, asOf: NOW.toISOString() });
      await jobQueue.drain();
    });
    expect(JSON.parse(reviewable(customers.aiko)!.value)).toEqual([TEA]);
    expect(requests).toBe(1);
  });

  it("deletes the metafield once every bought product is reviewed", async () => {
    await addReview(customers.aiko, TEA);
    const result = await refreshReviewEligibility({ shop, admin, asOf: NOW, customerId: customers.aiko });
    expect(reviewable(customers.aiko)).toBeUndefined();
    expect(result).toEqual({ customersWritten: 1, metafieldsSet: 0, metafieldsDeleted: 1 });
  });

  it("opens Ben's bowl nine days later, and stops greeting Daichi 30 days after his return", async () => {
    expect(await refreshReviewEligibility({ shop, admin, asOf: daysAfter(9) })).toEqual({
      customersWritten: 1,
      metafieldsSet: 1,
      metafieldsDeleted: 0,
    });
    expect(JSON.parse(reviewable(customers.ben)!.value)).toEqual([BOWL]);

    await refreshReviewEligibility({ shop, admin, asOf: daysAfter(27) });
    expect(welcomeBack(customers.daichi)).toBeUndefined();
  });

  it("writes 30 customers in two metafieldsSet calls of at most 25", async () => {
    const asOf = daysAfter(27);
    for (let i = 0; i < 30; i++) {
      const customerId = store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" });
      await addOrder(`gid://shopify/Order/${100 + i}`, customerId, [BOWL], daysBefore(20));
    }
    const requests = await requestsDuring(async () => {
      expect(await refreshReviewEligibility({ shop, admin, asOf })).toMatchObject({ customersWritten: 30, metafieldsSet: 30 });
    });
    expect(requests).toBe(2);
  });
});

describe("emulated metafieldsSet", () => {
  const set = (metafields: unknown[]) =>
    admin.request<{ metafieldsSet: { userErrors: { code: string; message: string }[] } }>(
      `mutation Set($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { userErrors { code message } } }`,
      { metafields },
    );

  it("refuses a reference to a product the shop does not have, and writes nothing of the call", async () => {
    const { metafieldsSet } = await set([
      { ownerId: customers.chie, namespace: "$app:tsunagu", key: "welcome_back", type: "boolean", value: "true" },
      { ownerId: customers.chie, namespace: "$app:tsunagu", key: "reviewable_products", value: '["gid://shopify/Product/999"]' },
    ]);
    expect(metafieldsSet.userErrors.map((e) => e.code)).toEqual(["INVALID_VALUE"]);
    expect(welcomeBack(customers.chie)).toBeUndefined();
  });

  it("refuses more than 25 metafields in one call", async () => {
    const many = Array.from({ length: 26 }, () => ({
      ownerId: customers.chie,
      key: "welcome_back",
      namespace: "$app:tsunagu",
      value: "true",
    }));
    expect((await set(many)).metafieldsSet.userErrors).toEqual([
      { code: "LESS_THAN_OR_EQUAL_TO", message: "Exceeded the maximum metafields input limit of 25." },
    ]);
  });

  it("answers TAKEN for a definition the shop already has, which the app treats as done", async () => {
    expect(await createAppMetafieldDefinition(admin, APP_METAFIELD_DEFINITIONS.welcomeBack)).toBeNull();
    expect(metafieldDefinitions(store)).toHaveLength(3);
  });

  it("reads a metafield back through Customer.metafield", async () => {
    const data = await admin.request<{ customer: { metafield: { value: string; type: string } | null } }>(
      `query Read($id: ID!) { customer(id: $id) { metafield(namespace: "$app:tsunagu", key: "reviewable_products") { value type } } }`,
      { id: customers.ben },
    );
    expect(data.customer.metafield).toEqual({ value: JSON.stringify([BOWL]), type: "list.product_reference" });
  });
});
