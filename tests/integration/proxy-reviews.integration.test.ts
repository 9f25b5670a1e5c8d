// The storefront's review endpoint behind Shopify's app proxy, called as Shopify calls it: a signed
// query string (tests/emulator/app-proxy.ts) on the route's own action and loader, against a real
// database and, for the review summary metafield, the emulator's Admin API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../../app/db.server";
import { replaceOrderLines } from "../../app/models/order.server";
import { registerApp } from "../emulator/app-config";
import { proxiedAppUrl } from "../emulator/app-proxy";
import { storedMetafield } from "../emulator/resolvers-metafields";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, DEFAULT_SCOPES, type EmulatedShop } from "../emulator/store";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const NOW = "2026-11-20T00:00:00.000Z";
const APP_URL = "http://127.0.0.1:9";
const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (days: number) => new Date(new Date(NOW).getTime() - days * DAY_MS);

let emulator: Emulator;
let store: EmulatedShop;
let shop: string;
let route: { action: (args: ActionFunctionArgs) => Promise<Response>; loader: (args: LoaderFunctionArgs) => Promise<Response> };
let jobQueue: { drain(): Promise<void> };
let towel: string; // product GID
let mug: string;
const numeric = (gid: string) => gid.split("/").at(-1)!;

/** A customer with one order of `product`, fulfilled `fulfilledDaysAgo` days before NOW (as synced). */
async function buyer(product: string, fulfilledDaysAgo: number | null): Promise<string> {
  const customerId = store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" });
  const orderId = `gid://shopify/Order/${numeric(customerId)}00`;
  await prisma.customer.create({
    data: { shop, id: customerId, shopifyCreatedAt: daysBefore(300), shopifyUpdatedAt: daysBefore(30), stage: "new" },
  });
  await prisma.order.create({
    data: {
      shop,
      id: orderId,
      customerId,
      processedAt: daysBefore(40),
      shopifyUpdatedAt: daysBefore(30),
      totalPrice: 3000,
      fulfilledAt: fulfilledDaysAgo === null ? null : daysBefore(fulfilledDaysAgo),
    },
  });
  await replaceOrderLines(shop, [{ orderId, lines: [{ productId: product, quantity: 1 }] }]);
  return customerId;
}

let nextAddress = 1;
interface SendOptions {
  customer?: string | null;
  body?: unknown;
  contentType?: string;
  timestamp?: number;
  address?: string;
  tamper?: boolean;
  unsigned?: boolean;
  accept?: string;
}

function proxyRequest(method: "GET" | "POST", path: string, options: SendOptions & { query?: Record<string, string> } = {}) {
  let url = proxiedAppUrl({
    appUrl: APP_URL,
    apiSecret: TEST_APP.apiSecret,
    shop,
    path,
    loggedInCustomerId: options.customer ? numeric(options.customer) : null,
    query: options.query,
    timestamp: options.timestamp,
  });
  if (options.tamper) url = url.replace(/logged_in_customer_id=\d*/, "logged_in_customer_id=1");
  if (options.unsigned) url = url.replace(/&signature=\w+/, "");
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return new Request(url, {
    method,
    headers: {
      ...BROWSER_HEADERS,
      "Content-Type": options.contentType ?? "application/json",
      "X-Forwarded-For": options.address ?? `203.0.113.${nextAddress++}`,
      ...(options.accept ? { Accept: options.accept } : {}),
    },
    body,
  });
}

async function submit(options: SendOptions) {
  const response = await route.action({ request: proxyRequest("POST", "/reviews", options), params: {}, context: {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const review = (product: string, over: Record<string, unknown> = {}) => ({
  product_id: numeric(product),
  rating: 5,
  title: "Soft",
  body: "Dries fast and stays soft.",
  website: "",
  ...over,
});

beforeAll(async () => {
  store = createEmptyShop({
    domain: "reviews-shop.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    scopes: [...DEFAULT_SCOPES, "write_products"],
  });
  shop = store.domain;
  // Two products in the emulator, so the summary metafield has an owner.
  const someone = store.addCustomer({});
  store.addOrder({
    customerId: someone,
    processedAt: "2026-10-01T00:00:00Z",
    lineItems: [
      { sku: "towel", quantity: 1, unitPrice: 3000 },
      { sku: "mug", quantity: 1, unitPrice: 1500 },
    ],
  });
  towel = `gid://shopify/Product/${store.products.bySku.get("towel")! + 1}`;
  mug = `gid://shopify/Product/${store.products.bySku.get("mug")! + 1}`;

  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: APP_URL }), shops: [store] });
  Object.assign(process.env, {
    SHOPIFY_API_KEY: TEST_APP.apiKey,
    SHOPIFY_API_SECRET: TEST_APP.apiSecret,
    SHOPIFY_APP_URL: APP_URL,
    SCOPES: "read_customers,write_customers,read_orders,read_all_orders,read_products,write_products",
    SHOPIFY_API_ORIGIN: emulator.url,
    TSUNAGU_NOW: NOW,
  });
  await prisma.shop.create({ data: { shop } });
  await prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: store.accessToken },
  });
  route = await import("../../app/routes/proxy.reviews");
  ({ jobQueue } = await import("../../app/queue/job-queue.server"));
});

afterAll(async () => {
  await jobQueue?.drain();
  for (const key of ["SHOPIFY_API_ORIGIN", "TSUNAGU_NOW"]) delete process.env[key];
  await emulator?.close();
});

describe("who may post: Shopify's signature and a logged-in customer", () => {
  it("a request without a signature did not come through Shopify's proxy: 401, nothing stored", async () => {
    const customer = await buyer(towel, 30);
    expect(await submit({ customer, body: review(towel), unsigned: true })).toMatchObject({
      status: 401,
      body: { ok: false, error: "unsigned" },
    });
    expect(await prisma.review.count({ where: { shop, customerId: customer } })).toBe(0);
  });

  it("a signature that does not match the query (another customer id swapped in) is refused with 400", async () => {
    const customer = await buyer(towel, 30);
    expect(await submit({ customer, body: review(towel), tamper: true })).toMatchObject({
      status: 400,
      body: { error: "invalid_signature" },
    });
    expect(await prisma.review.count({ where: { shop, customerId: customer } })).toBe(0);
  });

  it("a correctly signed request replayed 10 minutes later is stale: 400", async () => {
    const customer = await buyer(towel, 30);
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect(await submit({ customer, body: review(towel), timestamp: tenMinutesAgo })).toMatchObject({
      status: 400,
      body: { error: "invalid_signature" },
    });
  });

  it("a visitor who is not logged in gets 401 login_required", async () => {
    expect(await submit({ customer: null, body: review(towel) })).toMatchObject({ status: 401, body: { error: "login_required" } });
  });
});

describe("verified buyers only (no fake reviews)", () => {
  it("a customer who bought only the mug cannot review the towel: 403 not_a_buyer", async () => {
    const customer = await buyer(mug, 30);
    expect(await submit({ customer, body: review(towel) })).toMatchObject({ status: 403, body: { error: "not_a_buyer" } });
  });

  it("a buyer whose towel was fulfilled 5 days ago may review 9 days from now (14-day delay)", async () => {
    const customer = await buyer(towel, 5);
    expect(await submit({ customer, body: review(towel) })).toMatchObject({
      status: 403,
      body: { error: "not_yet_eligible", eligibleFrom: "2026-11-29T00:00:00.000Z" },
    });
  });

  it("a buyer whose order is not fulfilled yet is not a buyer yet", async () => {
    const customer = await buyer(towel, null);
    expect(await submit({ customer, body: review(towel) })).toMatchObject({ status: 403, body: { error: "not_a_buyer" } });
  });
});

describe("one review per customer and product", () => {
  it("a 5★ review is stored and published at once (201); a second submission edits it (200, edited) and a 2★ edit waits for moderation", async () => {
    const customer = await buyer(towel, 20);
    expect(await submit({ customer, body: review(towel) })).toMatchObject({
      status: 201,
      body: { ok: true, review: { status: "published", edited: false } },
    });
    expect(await submit({ customer, body: review(towel, { rating: "2", body: "Shrank after one wash." }) })).toMatchObject({
      status: 200,
      body: { ok: true, review: { status: "pending", edited: true } },
    });
    const rows = await prisma.review.findMany({ where: { shop, customerId: customer } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      productId: towel,
      rating: 2,
      body: "Shrank after one wash.",
      status: "pending",
      orderId: `gid://shopify/Order/${numeric(customer)}00`,
    });
    // A 1–2★ review marks the customer for follow-up.
    expect((await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop, id: customer } } })).needsCare).toBe(true);
  });

  it("with the needs-care tag turned on, a 1★ review also tags the customer on Shopify; merchant tags stay", async () => {
    await prisma.shop.update({ where: { shop }, data: { needsCareTagEnabled: true } });
    const customer = await buyer(towel, 20);
    store.addCustomerTags(customer, ["wholesale"]);
    await prisma.customer.update({ where: { shop_id: { shop, id: customer } }, data: { tagCount: 1 } });
    expect(await submit({ customer, body: review(towel, { rating: 1, body: "Arrived torn." }) })).toMatchObject({
      status: 201,
      body: { review: { status: "pending" } },
    });
    await jobQueue.drain();
    expect(store.customerTags(customer).sort()).toEqual(["tsunagu:needs-care", "tsunagu:new", "wholesale"]);
    await prisma.shop.update({ where: { shop }, data: { needsCareTagEnabled: false } });
  });

  it("a review the merchant hid cannot be edited back: 409 review_hidden, the row unchanged", async () => {
    const customer = await buyer(towel, 20);
    await submit({ customer, body: review(towel, { rating: 4 }) });
    await prisma.review.updateMany({ where: { shop, customerId: customer }, data: { status: "hidden" } });
    expect(await submit({ customer, body: review(towel, { rating: 5, body: "Edited." }) })).toMatchObject({
      status: 409,
      body: { error: "review_hidden" },
    });
    expect(await prisma.review.findFirstOrThrow({ where: { shop, customerId: customer } })).toMatchObject({ rating: 4, status: "hidden" });
  });

  it("form posts work as well as JSON", async () => {
    const customer = await buyer(mug, 20);
    const form = new URLSearchParams({ product_id: numeric(mug), rating: "4", title: "", body: "Keeps tea hot.", website: "" });
    expect(await submit({ customer, body: form.toString(), contentType: "application/x-www-form-urlencoded" })).toMatchObject({
      status: 201,
    });
  });
});

describe("without JavaScript the form posts as a page", () => {
  const asPage = async (options: SendOptions) => {
    const response = await route.action({
      request: proxyRequest("POST", "/reviews", { ...options, accept: "text/html,application/xhtml+xml" }),
      params: {},
      context: {},
    });
    return { status: response.status, type: response.headers.get("Content-Type"), text: await response.text() };
  };
  const form = (product: string, rating: string) =>
    new URLSearchParams({ product_id: numeric(product), rating, title: "", body: "Lovely.", website: "" }).toString();

  it("a stored review answers a Liquid page in the shop's theme, in English or Japanese", async () => {
    const customer = await buyer(towel, 20);
    const page = await asPage({ customer, body: form(towel, "5"), contentType: "application/x-www-form-urlencoded" });
    expect(page).toMatchObject({ status: 200, type: "application/liquid" });
    expect(page.text).toContain("<p>Thank you for your review.</p>");
    expect(page.text).toContain("{% if request.locale.iso_code == 'ja' %}<p>レビューをありがとうございます。</p>");
    expect(await prisma.review.count({ where: { shop, customerId: customer } })).toBe(1);
  });

  it("a refusal says why, on the same kind of page", async () => {
    const customer = await buyer(mug, 20);
    const page = await asPage({ customer, body: form(towel, "5"), contentType: "application/x-www-form-urlencoded" });
    expect(page.text).toContain("Only customers who bought this product can review it.");
  });
});

describe("bad input is a clear 400, never a 500", () => {
  it("a 4,001-character body is too long; a 20 KB request is refused 413 before it is read", async () => {
    const customer = await buyer(towel, 20);
    expect(await submit({ customer, body: review(towel, { body: "あ".repeat(4001) }) })).toMatchObject({
      status: 400,
      body: { error: "invalid_input", fields: { body: "too_long" } },
    });
    expect(await submit({ customer, body: review(towel, { body: "x".repeat(20_000) }) })).toMatchObject({
      status: 413,
      body: { error: "too_large" },
    });
    expect(await prisma.review.count({ where: { shop, customerId: customer } })).toBe(0);
  });

  it("broken JSON, a rating of 6 and an unknown content type each get their own answer", async () => {
    const customer = await buyer(towel, 20);
    expect(await submit({ customer, body: "{not json" })).toMatchObject({ status: 400, body: { error: "invalid_body" } });
    expect(await submit({ customer, body: review(towel, { rating: 6 }) })).toMatchObject({
      status: 400,
      body: { fields: { rating: "invalid" } },
    });
    expect(await submit({ customer, body: "x", contentType: "text/plain" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_content_type" },
    });
  });
});

describe("abuse", () => {
  it("a filled honeypot looks accepted to the bot (201) and stores nothing", async () => {
    const customer = await buyer(towel, 20);
    expect(await submit({ customer, body: review(towel, { website: "http://cheap-pills.example" }) })).toMatchObject({
      status: 201,
      body: { ok: true, review: { status: "pending", edited: false } },
    });
    expect(await prisma.review.count({ where: { shop, customerId: customer } })).toBe(0);
  });

  it("a customer flooding the endpoint gets 429 with Retry-After after 5 attempts in 10 minutes", async () => {
    const customer = await buyer(towel, 20);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await submit({ customer, body: review(towel, { title: `try ${i}` }) })).status);
    expect(statuses).toEqual([201, 200, 200, 200, 200, 429]);
    const refused = await submit({ customer, body: review(towel) });
    expect(refused).toMatchObject({ status: 429, body: { error: "rate_limited" } });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(500);
    expect(await prisma.review.count({ where: { shop, customerId: customer } })).toBe(1);
  });

  it("one address flooding with many accounts is stopped after 20 attempts", async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await submit({ customer: null, body: review(towel), address: "198.51.100.7" })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe("text is stored as given and never served as markup", () => {
  const XSS_TITLE = `<script>alert("t")</script>`;
  const XSS_BODY = `<img src=x onerror="alert(1)"> "quoted" & 'single'`;

  // On PostgreSQL, drain() waits for pg-boss to work through every job this file queued for the shop
  // (~24): the ordered queue puts back a job whose shop is busy or has an older job waiting (1–2 s),
  // so a burst of a shop's jobs runs at about one a second — 12–25 s here, against the default 30 s.
  const DRAIN_ON_POSTGRES_MS = 90_000;

  it(
    "the reviews JSON and the review_summary metafield carry the payload as inert text",
    async () => {
      const customer = await buyer(mug, 20);
      expect(await submit({ customer, body: review(mug, { title: XSS_TITLE, body: XSS_BODY }) })).toMatchObject({ status: 201 });
      expect(await prisma.review.findFirstOrThrow({ where: { shop, customerId: customer } })).toMatchObject({
        title: XSS_TITLE,
        body: XSS_BODY,
      });

      const response = await route.loader({
        request: proxyRequest("GET", "/reviews", { query: { product_id: numeric(mug) } }),
        params: {},
        context: {},
      });
      expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      const listed = (await response.json()) as { reviews: { title: string; body: string }[]; count: number };
      expect(listed.reviews.find((r) => r.title === XSS_TITLE)?.body).toBe(XSS_BODY);

      await jobQueue.drain();
      const metafield = storedMetafield(store, mug, "$app:tsunagu", "review_summary");
      expect(metafield?.type).toBe("json");
      const summary = JSON.parse(metafield!.value) as { count: number; average: number; recent: { title: string; body: string }[] };
      expect(summary.count).toBe(listed.count);
      expect(summary.recent[0]).toMatchObject({ rating: 5, title: XSS_TITLE, body: XSS_BODY, reply: null });
    },
    DRAIN_ON_POSTGRES_MS,
  );

  it("GET with a product id that is not one is a 400", async () => {
    const response = await route.loader({
      request: proxyRequest("GET", "/reviews", { query: { product_id: "../etc" } }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(400);
  });
});
