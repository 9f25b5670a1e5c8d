// The customer-metafields job against the emulator: it creates the four app-owned customer metafield
// definitions once (merchants read, storefront none), writes each customer's lifecycle segment and the
// predictions the shop's check publishes, 25 metafields at most per metafieldsSet, only for customers
// whose values changed, and deletes what the check withholds. Shopify's segment editor then filters on
// them (the emulator accepts a segment on a defined customer metafield and refuses an undefined one).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { writeCustomerMetafields } from "../../app/jobs/customer-metafields.server";
import { redactCustomer } from "../../app/models/compliance.server";
import { loadCustomerMetafieldStatus } from "../../app/models/customer-metafield.server";
import { registerShop } from "../../app/models/shop.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import { SegmentCreate } from "../../app/shopify/graphql/segment-create.mutation";
import { CUSTOMER_SEGMENT_METAFIELDS } from "../../app/shopify/metafields.server";
import { registerApp } from "../emulator/app-config";
import { metafieldDefinitions, storedMetafield, storedMetafields } from "../emulator/resolvers-metafields";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

const NOW = new Date("2026-11-23T00:00:00Z");
const NAMESPACE = "app--1000001--tsunagu";
const CUSTOMERS = 30;

let emulator: Emulator;
let store: EmulatedShop;
let admin: AdminClient;
let shop: string;
const ids: string[] = [];
/** Every request the job sends: operation name and the number of metafield inputs. */
const sent: { operation: string; inputs: number }[] = [];

const metafield = (customerId: string, key: string) => storedMetafield(store, customerId, "$app:tsunagu", key)?.value;
const run = async (options: Pick<Parameters<typeof writeCustomerMetafields>[0], "customerIds" | "bulkMinCalls" | "bulk"> = {}) => {
  sent.length = 0;
  return writeCustomerMetafields({ shop, admin, now: NOW, ...options });
};
const operations = () => sent.map((s) => s.operation);

async function setFit(ok: boolean, showPAlive: boolean) {
  const row = { fittedAt: NOW, ok, showPAlive, customers: CUSTOMERS, repeatBuyers: CUSTOMERS };
  await prisma.shopPrediction.upsert({ where: { shop }, create: { shop, ...row }, update: row });
}

beforeAll(async () => {
  store = createEmptyShop({ domain: "customer-metafields.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: NOW });
  shop = store.domain;
  for (let i = 0; i < CUSTOMERS + 1; i++) ids.push(store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" }));
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  const client = createAdminClient({ shop, accessToken: store.accessToken });
  admin = {
    shop,
    stats: client.stats,
    request: async (document: string, variables?: Record<string, unknown>) => {
      const operation = /(?:mutation|query)\s+(\w+)/.exec(document)?.[1] ?? "?";
      const inputs = Array.isArray(variables?.metafields) ? variables.metafields.length : 0;
      sent.push({ operation, inputs });
      return client.request(document, variables);
    },
  } as AdminClient;
  await registerShop(shop);
  await prisma.shop.update({ where: { shop }, data: { ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" } });

  // GIVEN 30 regular customers, each with a prediction (customer i: CLV 10,000 + 1,000·i, P(alive)
  // 0.50 + 0.01·i, 4 purchases a year, last order 2026-11-01), and one prospect.
  for (let i = 0; i < CUSTOMERS; i++) {
    await prisma.customer.create({
      data: {
        shop,
        id: ids[i],
        shopifyCreatedAt: NOW,
        shopifyUpdatedAt: NOW,
        stage: "regular",
        ordersCount: 3,
        lastOrderAt: new Date("2026-11-01T03:00:00Z"),
        predictedClv12m: 10_000 + 1_000 * i,
        pAlive: 0.5 + 0.01 * i,
        expectedPurchases365: 4,
      },
    });
  }
  await prisma.customer.create({ data: { shop, id: ids[CUSTOMERS], shopifyCreatedAt: NOW, shopifyUpdatedAt: NOW, stage: "prospect" } });
  await setFit(true, true);
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

describe("customer-metafields job", () => {
  it("creates the four definitions, then writes 120 metafields in five calls of 24 (≤ 25)", async () => {
    const result = await run();

    expect(metafieldDefinitions(store).map((d) => [d.key, d.type, d.namespace, d.adminAccess, d.storefrontAccess])).toEqual([
      ["lifecycle_segment", "single_line_text_field", NAMESPACE, "MERCHANT_READ", "NONE"],
      ["predicted_value_12m", "number_decimal", NAMESPACE, "MERCHANT_READ", "NONE"],
      ["p_alive", "number_decimal", NAMESPACE, "MERCHANT_READ", "NONE"],
      ["expected_next_order_date", "date", NAMESPACE, "MERCHANT_READ", "NONE"],
    ]);
    expect(result).toEqual({
      definitionsCreated: 4,
      customersWritten: 30,
      metafieldsSet: 120,
      metafieldsDeleted: 0,
      path: "paced",
      retried: 0,
    });
    expect(sent.filter((s) => s.operation === "MetafieldsSet").map((s) => s.inputs)).toEqual([24, 24, 24, 24, 24]);
    // customer 7: 17,000; P(alive) 0.57; 365 × 0.57 ÷ 4 = 52 days after 2026-11-01 → 2026-12-23
    expect([
      metafield(ids[7], "lifecycle_segment"),
      metafield(ids[7], "predicted_value_12m"),
      metafield(ids[7], "p_alive"),
      metafield(ids[7], "expected_next_order_date"),
    ]).toEqual(["regular", "17000", "0.57", "2026-12-23"]);
    expect(storedMetafields(store, "CUSTOMER").filter((m) => m.ownerId === ids[CUSTOMERS])).toEqual([]); // the prospect
  });

  it("sends nothing at all when run again with nothing changed (definitions are made once)", async () => {
    expect(await run()).toEqual({
      definitionsCreated: 0,
      customersWritten: 0,
      metafieldsSet: 0,
      metafieldsDeleted: 0,
      path: "none",
      retried: 0,
    });
    expect(sent).toEqual([]);
    expect(metafieldDefinitions(store)).toHaveLength(4);
  });

  it("writes only the customer whose values changed, only the changed fields", async () => {
    await prisma.customer.update({ where: { shop_id: { shop, id: ids[3] } }, data: { stage: "vip", predictedClv12m: 25_049 } });
    // A drift below the rounding step changes nothing: 10,000 + 1,000·5 = 15,000 → 15,040 still reads 15,000.
    await prisma.customer.update({ where: { shop_id: { shop, id: ids[5] } }, data: { predictedClv12m: 15_040 } });

    expect(await run()).toEqual({
      definitionsCreated: 0,
      customersWritten: 1,
      metafieldsSet: 2,
      metafieldsDeleted: 0,
      path: "paced",
      retried: 0,
    });
    expect(sent).toEqual([{ operation: "MetafieldsSet", inputs: 2 }]);
    expect([metafield(ids[3], "lifecycle_segment"), metafield(ids[3], "predicted_value_12m")]).toEqual(["vip", "25000"]);
  });

  it("deletes P(alive) and the date when the check withholds P(alive), and every prediction when it withholds them all", async () => {
    await setFit(true, false);
    expect(await run()).toMatchObject({ customersWritten: 30, metafieldsSet: 0, metafieldsDeleted: 60 });
    expect(operations().every((operation) => operation === "MetafieldsDelete")).toBe(true);
    expect(sent.every((s) => s.inputs <= 25)).toBe(true);
    expect(storedMetafields(store, "CUSTOMER").filter((m) => m.key === "p_alive" || m.key === "expected_next_order_date")).toEqual([]);
    expect(metafield(ids[7], "predicted_value_12m")).toBe("17000");

    await setFit(false, false);
    expect(await run()).toMatchObject({ customersWritten: 30, metafieldsSet: 0, metafieldsDeleted: 30 });
    expect(storedMetafields(store, "CUSTOMER").map((m) => m.key)).toEqual(Array(30).fill("lifecycle_segment"));
  });

  it("publishes them again once the check does", async () => {
    await setFit(true, true);
    expect(await run()).toMatchObject({ customersWritten: 30, metafieldsSet: 90, metafieldsDeleted: 0 });
    expect(metafield(ids[7], "p_alive")).toBe("0.57");
  });

  it("reports the definitions present, the customers carrying them and the last write", async () => {
    const status = await loadCustomerMetafieldStatus(
      shop,
      Object.values(CUSTOMER_SEGMENT_METAFIELDS).map((d) => d.key),
    );
    expect(status).toEqual({
      definitions: new Map([
        ["lifecycle_segment", NAMESPACE],
        ["predicted_value_12m", NAMESPACE],
        ["p_alive", NAMESPACE],
        ["expected_next_order_date", NAMESPACE],
      ]),
      customers: 30,
      lastWrittenAt: NOW,
    });
  });

  it("lets Shopify's segments filter on a defined metafield, and not on an undefined one", async () => {
    const create = (name: string, query: string) => admin.request(SegmentCreate, { name, query });
    const vip = await create("VIP by Tsunagu", `metafields.${NAMESPACE}.lifecycle_segment = 'vip'`);
    expect(vip.segmentCreate?.userErrors).toEqual([]);
    const overdue = await create(
      "Overdue, still active",
      `metafields.${NAMESPACE}.expected_next_order_date < today AND metafields.${NAMESPACE}.p_alive >= 0.5 AND metafields.${NAMESPACE}.predicted_value_12m BETWEEN 10000 AND 50000`,
    );
    expect(overdue.segmentCreate?.userErrors).toEqual([]);
    const undefinedKey = await create("Nope", `metafields.${NAMESPACE}.loyalty_points > 3`);
    expect(undefinedKey.segmentCreate?.userErrors).toEqual([
      { field: ["query"], message: `Query is invalid: metafields.${NAMESPACE}.loyalty_points > 3` },
    ]);
    const wrongOperator = await create("Nope 2", `metafields.${NAMESPACE}.lifecycle_segment > 3`);
    expect(wrongOperator.segmentCreate?.userErrors).toHaveLength(1);
  });

  it("after a webhook recompute writes only the customers named, only their changed fields", async () => {
    await prisma.customer.update({ where: { shop_id: { shop, id: ids[10] } }, data: { stage: "dormant" } });
    await prisma.customer.update({ where: { shop_id: { shop, id: ids[11] } }, data: { stage: "vip" } });

    expect(await run({ customerIds: [ids[10]] })).toEqual({
      definitionsCreated: 0,
      customersWritten: 1,
      metafieldsSet: 1,
      metafieldsDeleted: 0,
      path: "paced",
      retried: 0,
    });
    expect(sent).toEqual([{ operation: "MetafieldsSet", inputs: 1 }]);
    expect(metafield(ids[10], "lifecycle_segment")).toBe("dormant");
    expect(metafield(ids[11], "lifecycle_segment")).toBe("regular"); // not named: left to its own recompute or the daily run
    expect(await run({ customerIds: [ids[10]] })).toMatchObject({ customersWritten: 0, path: "none" });
    expect(sent).toEqual([]);
  });

  it("sends many calls as one bulk metafieldsSet (a line per call of ≤ 25 inputs), then one bulk metafieldsDelete", async () => {
    // Every customer's predicted value doubles (30 changes) and customer 11 became VIP (1 more).
    for (let i = 0; i < CUSTOMERS; i++) {
      await prisma.customer.update({ where: { shop_id: { shop, id: ids[i] } }, data: { predictedClv12m: 2 * (10_000 + 1_000 * i) } });
    }
    const fastPolls = { firstPollMs: 10, maxPollMs: 50 };
    expect(await run({ bulkMinCalls: 2, bulk: fastPolls })).toEqual({
      definitionsCreated: 0,
      customersWritten: 30,
      metafieldsSet: 31,
      metafieldsDeleted: 0,
      path: "bulk",
      retried: 0,
    });
    expect(operations()).not.toContain("MetafieldsSet");
    expect(operations().filter((operation) => operation === "BulkOperationRunMutation")).toHaveLength(1);
    expect([
      metafield(ids[7], "predicted_value_12m"),
      metafield(ids[11], "lifecycle_segment"),
      metafield(ids[11], "predicted_value_12m"),
    ]).toEqual(["34000", "vip", "42000"]);

    // P(alive) withheld: 60 deletions (P(alive) and the date of 30 customers) in one bulk metafieldsDelete.
    await setFit(true, false);
    expect(await run({ bulkMinCalls: 2, bulk: fastPolls })).toMatchObject({ customersWritten: 30, metafieldsDeleted: 60, path: "bulk" });
    expect(operations().filter((operation) => operation === "BulkOperationRunMutation")).toHaveLength(1);
    expect(storedMetafields(store, "CUSTOMER").filter((m) => m.key === "p_alive")).toEqual([]);
    await setFit(true, true);
    expect(await run({ bulkMinCalls: 2, bulk: fastPolls })).toMatchObject({ customersWritten: 30, metafieldsSet: 60, path: "bulk" });
    expect(metafield(ids[7], "p_alive")).toBe("0.57");
    expect(await run({ bulkMinCalls: 2, bulk: fastPolls })).toMatchObject({ customersWritten: 0, path: "none" });
  });

  it("customers/redact erases our record of what was written for the customer", async () => {
    await redactCustomer(shop, ids[7], []);
    expect(await prisma.customerMetafieldState.findMany({ where: { shop, customerId: ids[7] } })).toEqual([]);
    expect(await prisma.customerMetafieldState.count({ where: { shop } })).toBe(29);
  });
});
