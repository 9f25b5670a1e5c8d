// The one Admin API client against the emulator's rate limits and faults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient, AdminApiError } from "../../app/shopify/admin-client.server";
import { registerApp } from "../emulator/app-config";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

let emulator: Emulator;
let shop: EmulatedShop;
const endpoint = () => `${emulator.url}/admin/api/2026-10/graphql.json`;
// 10 customers of 1 point each plus the connection: a query of known cost.
const TEN_CUSTOMERS = `query { customers(first: 10) { nodes { id createdAt } } }`;

beforeAll(async () => {
  shop = createEmptyShop({ domain: "tiny-bucket.myshopify.com", plan: { bucketSize: 100, restoreRate: 50 } });
  for (let i = 0; i < 10; i += 1) shop.addCustomer({});
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [shop] });
});

afterAll(async () => {
  await emulator?.close();
});

describe("admin client", () => {
  it("under a tiny bucket paces itself and is never throttled", async () => {
    const admin = createAdminClient({ shop: shop.domain, accessToken: shop.accessToken, endpoint: endpoint() });
    const [first] = (await admin.request<{ customers: { nodes: { id: string }[] } }>(TEN_CUSTOMERS)).customers.nodes;
    const started = Date.now();
    // 30 mutations of 10 points through a 100-point bucket refilled at 50/s: at least (300 − 100) / 50 = 4 s.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        admin.request(`mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }`, {
          id: first.id,
          tags: [`paced-${i}`],
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const log = emulator.requestLog.filter((r) => r.shop === shop.domain);
    expect(log.filter((r) => r.throttled)).toHaveLength(0);
    expect(admin.stats.throttled).toBe(0);
    expect(elapsed).toBeGreaterThan(3_500);
    // …and no more than that: its own pauses add up to at most the 4 s the bucket needs (a busy machine
    // makes requests slower, which refills the bucket meanwhile and shortens the pauses, never lengthens them).
    expect(admin.stats.waitedMs).toBeLessThanOrEqual(4_200);
    expect(shop.customerTags(first.id)).toHaveLength(30);
  }, 30_000);

  it("retries THROTTLED answers caused by another client until it succeeds", async () => {
    const greedy = createAdminClient({ shop: shop.domain, accessToken: shop.accessToken, endpoint: `${endpoint()}?other` });
    const admin = createAdminClient({ shop: shop.domain, accessToken: shop.accessToken, endpoint: `${endpoint()}?fresh` });
    // Two clients that do not share an estimate drain one bucket: the emulator throttles one of them.
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => greedy.request<{ customers: { nodes: unknown[] } }>(TEN_CUSTOMERS)),
      ...Array.from({ length: 6 }, () => admin.request<{ customers: { nodes: unknown[] } }>(TEN_CUSTOMERS)),
    ]);
    expect(results.every((r) => r.customers.nodes.length === 10)).toBe(true);
    expect(greedy.stats.throttled + admin.stats.throttled).toBeGreaterThan(0);
  }, 30_000);

  it("retries 503 and 502 answers with backoff and returns the data", async () => {
    const admin = createAdminClient({ shop: shop.domain, accessToken: shop.accessToken, endpoint: endpoint() });
    emulator.failNextAdminRequests(3, 503);
    const data = await admin.request<{ customers: { nodes: unknown[] } }>(TEN_CUSTOMERS);
    expect(data.customers.nodes).toHaveLength(10);
    expect(admin.stats.retried).toBe(3);
  }, 30_000);

  it("fails at once, with a clear error, when the access token is wrong", async () => {
    const admin = createAdminClient({ shop: shop.domain, accessToken: "not-a-token", endpoint: endpoint() });
    await expect(admin.request(TEN_CUSTOMERS)).rejects.toThrow(AdminApiError);
    await expect(admin.request(TEN_CUSTOMERS)).rejects.toThrow(/HTTP 401/);
  });

  it("reports GraphQL errors from the schema as errors, not data", async () => {
    const admin = createAdminClient({ shop: shop.domain, accessToken: shop.accessToken, endpoint: endpoint() });
    await expect(admin.request(`query { shop { noSuchField } }`)).rejects.toThrow(/noSuchField/);
  });
});
