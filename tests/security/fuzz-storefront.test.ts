// What shoppers can send us, fuzzed: review submissions through the app proxy (signed as Shopify's
// proxy signs them, from a logged-in verified buyer) and NPS answers from the checkout and
// customer-account extensions (with a valid session token). Fields missing, of the wrong type, huge,
// unicode; bodies that are not JSON or not a form. Each answer is JSON with a 2xx or 4xx status,
// never a 500, and a refused submission stores nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../../app/db.server";
import { replaceOrderLines } from "../../app/models/order.server";
import { proxiedAppUrl } from "../emulator/app-proxy";
import { mintExtensionSessionToken } from "../emulator/extension-session-token";
import { shopRows } from "../helpers/db-introspection";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const SHOP = "fuzz-storefront.myshopify.com";
const APP_URL = "http://127.0.0.1:9";
const NOW = new Date("2026-11-20T00:00:00.000Z");
const DAY_MS = 86_400_000;
const PRODUCT = "gid://shopify/Product/31";
const RUNS = 40;

type Action = (args: ActionFunctionArgs) => Promise<Response>;
let reviews: { action: Action };
let postPurchase: { action: Action };
let jobQueue: { drain(): Promise<void> };

let nextCustomer = 900_000;
let nextAddress = 1;

/** A verified buyer of PRODUCT whose order was fulfilled 30 days ago (eligible to review). */
async function newBuyer(): Promise<{ numericId: number; customerId: string; orderId: string }> {
  const numericId = nextCustomer++;
  const customerId = `gid://shopify/Customer/${numericId}`;
  const orderId = `gid://shopify/Order/${numericId}`;
  const at = new Date(NOW.getTime() - 40 * DAY_MS);
  await prisma.customer.create({ data: { shop: SHOP, id: customerId, shopifyCreatedAt: at, shopifyUpdatedAt: at, stage: "new" } });
  await prisma.order.create({
    data: {
      shop: SHOP,
      id: orderId,
      customerId,
      processedAt: at,
      shopifyUpdatedAt: at,
      totalPrice: 3000,
      fulfilledAt: new Date(NOW.getTime() - 30 * DAY_MS),
    },
  });
  await replaceOrderLines(SHOP, [{ orderId, lines: [{ productId: PRODUCT, quantity: 1 }] }]);
  return { numericId, customerId, orderId };
}

const strange = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, 6, -1, 3.5, 1e308, Number.MAX_SAFE_INTEGER),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom(
    "",
    "5",
    "abc",
    "gid://shopify/Product/31",
    "31",
    "🍵".repeat(5000),
    "\u0000<script>alert(1)</script>",
    "x".repeat(70_000),
  ),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Encodes fields as the block's script (JSON) or a plain form post would, or as something else entirely. */
const encoded = (fields: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    fields.map((f) => ({ contentType: "application/json", body: JSON.stringify(f) })),
    fields.map((f) => ({
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams(Object.entries(f).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])).toString(),
    })),
    fc.record({
      contentType: fc.constantFrom(
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/xml",
      ),
      body: fc.oneof(
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.constantFrom("", "{", "null", "[]", "[1,2]", '{"rating":', "%%%=&&"),
      ),
    }),
  );

const reviewFields = fc.record(
  {
    product_id: fc.oneof(fc.constant("31"), strange),
    rating: fc.oneof(fc.integer({ min: 1, max: 5 }), strange),
    title: fc.oneof(fc.string({ maxLength: 40 }), strange),
    body: fc.oneof(fc.string({ maxLength: 200 }), strange),
    website: fc.oneof(fc.constant(""), strange),
  },
  { requiredKeys: [] },
);

const npsFields = (orderId: string) =>
  fc.record(
    {
      order_id: fc.oneof(fc.constant(orderId), strange),
      score: fc.oneof(fc.integer({ min: 0, max: 10 }), strange),
      comment: fc.oneof(fc.string({ maxLength: 100 }), strange),
    },
    { requiredKeys: [] },
  );

async function outcome(response: Response): Promise<{ status: number; json: unknown }> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

beforeAll(async () => {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: TEST_APP.apiKey,
    SHOPIFY_API_SECRET: TEST_APP.apiSecret,
    SHOPIFY_APP_URL: APP_URL,
    SCOPES: "read_customers,write_customers,read_orders,read_all_orders,read_products,write_products",
    TSUNAGU_NOW: NOW.toISOString(),
  });
  await prisma.shop.create({ data: { shop: SHOP } });
  reviews = await import("../../app/routes/proxy.reviews");
  postPurchase = await import("../../app/routes/api.post-purchase");
  ({ jobQueue } = await import("../../app/queue/job-queue.server"));
});

afterAll(async () => {
  await jobQueue?.drain();
  delete process.env.TSUNAGU_NOW;
});

describe("review submissions through the app proxy", () => {
  it("any body from a logged-in buyer is answered JSON 2xx or 4xx, and a refused one stores nothing", async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(encoded(reviewFields), async ({ contentType, body }) => {
        const buyer = await newBuyer();
        const before = await shopRows(SHOP);
        const url = proxiedAppUrl({
          appUrl: APP_URL,
          apiSecret: TEST_APP.apiSecret,
          shop: SHOP,
          path: "/reviews",
          loggedInCustomerId: buyer.numericId,
        });
        const request = new Request(url, {
          method: "POST",
          headers: {
            ...BROWSER_HEADERS,
            "Content-Type": contentType,
            Accept: "application/json",
            "X-Forwarded-For": `198.51.100.${nextAddress++ % 250}`,
          },
          body,
        });
        const { status, json } = await outcome(await reviews.action({ request, params: {}, context: {} }));
        statuses.add(status);
        expect(status).toBeLessThan(500);
        expect(json).toBeTypeOf("object");
        if (status >= 400) expect(await shopRows(SHOP)).toEqual(before);
      }),
      { numRuns: RUNS },
    );
    expect([...statuses].some((s) => s >= 400)).toBe(true);
  }, 90_000);

  it("the same request with well-formed fields is accepted and stored (the refusals above are not the signature check's)", async () => {
    const buyer = await newBuyer();
    const url = proxiedAppUrl({
      appUrl: APP_URL,
      apiSecret: TEST_APP.apiSecret,
      shop: SHOP,
      path: "/reviews",
      loggedInCustomerId: buyer.numericId,
    });
    const request = new Request(url, {
      method: "POST",
      headers: { ...BROWSER_HEADERS, "Content-Type": "application/json", Accept: "application/json", "X-Forwarded-For": "198.51.100.251" },
      body: JSON.stringify({ product_id: "31", rating: 5, title: "Soft", body: "Soft and warm.", website: "" }),
    });
    const { status } = await outcome(await reviews.action({ request, params: {}, context: {} }));
    expect(status).toBe(201);
    expect(await prisma.review.count({ where: { shop: SHOP, customerId: buyer.customerId } })).toBe(1);
  });
});

describe("NPS answers from the checkout and customer-account extensions", () => {
  it("any body with a valid session token is answered JSON 2xx or 4xx, and a refused one stores nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("thank-you", "order-status", "", "other"),
        npsFields("ORDER"),
        fc.boolean(),
        async (source, fields, asForm) => {
          const buyer = await newBuyer();
          const before = await shopRows(SHOP);
          const withOrder = { ...fields, ...(fields.order_id === "ORDER" ? { order_id: buyer.orderId } : {}) };
          const token = await mintExtensionSessionToken({
            shop: SHOP,
            apiKey: TEST_APP.apiKey,
            apiSecret: TEST_APP.apiSecret,
            customerId: buyer.customerId,
          });
          const request = new Request(`${APP_URL}/api/post-purchase?source=${encodeURIComponent(source)}`, {
            method: "POST",
            headers: {
              ...BROWSER_HEADERS,
              Origin: "https://extensions.shopifycdn.com",
              Authorization: `Bearer ${token}`,
              "X-Forwarded-For": `203.0.113.${nextAddress++ % 250}`,
              "Content-Type": asForm ? "application/x-www-form-urlencoded" : "application/json",
            },
            body: asForm
              ? new URLSearchParams(
                  Object.entries(withOrder).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
                ).toString()
              : JSON.stringify(withOrder),
          });
          const { status, json } = await outcome(await postPurchase.action({ request, params: {}, context: {} }));
          expect(status).toBeLessThan(500);
          expect(json).toBeTypeOf("object");
          if (status >= 400) expect(await shopRows(SHOP)).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a well-formed answer with the same token is accepted and stored (the refusals above are not the token check's)", async () => {
    const buyer = await newBuyer();
    const token = await mintExtensionSessionToken({
      shop: SHOP,
      apiKey: TEST_APP.apiKey,
      apiSecret: TEST_APP.apiSecret,
      customerId: buyer.customerId,
    });
    const request = new Request(`${APP_URL}/api/post-purchase?source=thank-you`, {
      method: "POST",
      headers: {
        ...BROWSER_HEADERS,
        Origin: "https://extensions.shopifycdn.com",
        Authorization: `Bearer ${token}`,
        "X-Forwarded-For": `203.0.113.${nextAddress++ % 250}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ order_id: buyer.orderId, score: 9, comment: "Quick delivery." }),
    });
    const { status } = await outcome(await postPurchase.action({ request, params: {}, context: {} }));
    expect(status).toBe(201);
    expect(await prisma.npsAnswer.count({ where: { shop: SHOP, orderId: buyer.orderId } })).toBe(1);
  });
});
