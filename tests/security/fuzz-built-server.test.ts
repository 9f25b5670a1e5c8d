// Fuzzers against the BUILT app (server.mjs build/index.js, as `npm start` runs it), over HTTP with
// real bytes: correctly signed webhooks whose bodies are arbitrary, garbled or hostile JSON; app-proxy
// requests signed over arbitrary query strings; post-purchase answers with arbitrary bodies and tokens.
// The server never answers 5xx, refuses bad input with a 4xx and stores nothing for it, and after each
// bad input a valid one is still accepted and stored. Seeded (SEED), so a failure replays; the runs
// keep the file under a minute on 2 busy cores. Needs `npm run build` first.
import crypto from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { countWebhookEvents } from "../helpers/webhook-events";
import { WEBHOOK_TOPICS } from "../../app/shopify/map-webhook-payload";
import { appProxySignature, proxiedAppUrl, readAppProxyConfig } from "../emulator/app-proxy";
import { mintExtensionSessionToken } from "../emulator/extension-session-token";
import { createEmptyShop } from "../emulator/store";
import { orderWebhookPayload } from "../emulator/webhook-payloads";
import { startBuiltApp, webhookHeaders } from "../helpers/built-app";
import type { LocalShopify } from "../helpers/local-shopify";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const SHOP = "fuzz-built.myshopify.com";
const NOW = "2026-11-20T00:00:00.000Z";
const SEED = 20261207;
const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact"] as const;

const emulated = createEmptyShop({ domain: SHOP, ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
const BUYER = emulated.addCustomer({ id: 601, createdAt: "2026-01-01T00:00:00Z" });
const ORDER = emulated.addOrder({
  id: 8001,
  customerId: BUYER,
  processedAt: "2026-11-19T12:00:00Z",
  lineItems: [{ sku: "TEA", quantity: 2, unitPrice: 1200 }],
});
/** Orders on Shopify (not synced) that the valid NPS answers name, one per answer: one answer per order. */
const ANSWERABLE_ORDERS = Array.from({ length: 100 }, (_, i) =>
  emulated.addOrder({
    id: 9001 + i,
    customerId: BUYER,
    processedAt: "2026-11-19T12:00:00Z",
    lineItems: [{ sku: "TEA", quantity: 1, unitPrice: 900 }],
  }),
);

let local: LocalShopify;

beforeAll(async () => {
  local = await startBuiltApp({ shops: [emulated], now: NOW });
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

// ---------------------------------------------------------------------------------------------
// Webhooks

/** JSON text fragments JSON.stringify never writes: lone surrogates, numbers past any int or double. */
const hostileToken = fc.constantFrom(
  '"\\ud800"',
  '"x\\udfff"',
  '"\\udbff\\udbff"',
  '"\\u0000"',
  "1e400",
  "-1e400",
  "123456789012345678901234567890",
  "-9223372036854775809",
  "18446744073709551616",
  "0.0000000000000000000000001",
  "-0",
  "9007199254740993",
);

/** A well-formed order body with some fields replaced by hostile JSON text (placeholders swapped in after stringify). */
const hostileOrderText = fc
  .tuple(
    fc.array(
      fc.constantFrom(
        "id",
        "admin_graphql_api_id",
        "created_at",
        "updated_at",
        "total_price",
        "currency",
        "customer",
        "line_items",
        "refunds",
        "cancelled_at",
        "note",
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fc.array(hostileToken, { minLength: 4, maxLength: 4 }),
  )
  .map(([fields, tokens]) => {
    const body: Record<string, unknown> = orderWebhookPayload(emulated, ORDER);
    fields.forEach((field, i) => (body[field] = `@@HOSTILE${i}@@`));
    return fields.reduce((text, _field, i) => text.replace(`"@@HOSTILE${i}@@"`, tokens[i]), JSON.stringify(body));
  });

/** Bodies that are JSON of the wrong shape, not JSON at all, cut short, or nested absurdly deep. */
const garbledText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat()).map(([v, cut]) => {
    const text = JSON.stringify(v);
    return text.slice(0, cut % Math.max(1, text.length));
  }),
  fc.integer({ min: 1_000, max: 200_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 1_000, max: 100_000 }).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
  fc.constantFrom("", " ", "{", '{"id":', "\uFEFF{}", "null", "NaN", "[1,]"),
);

/** Raw bytes that are not UTF-8 at all (a lone 0xFF, a surrogate encoded as UTF-8, an overlong slash). */
const invalidUtf8 = fc
  .constantFrom([0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80])
  .map((bytes) => Buffer.concat([Buffer.from('{"id":1,"note":"'), Buffer.from(bytes), Buffer.from('"}')]));

async function deliver(topic: string, body: Buffer | string): Promise<{ status: number; eventId: string }> {
  const bytes = new Uint8Array(typeof body === "string" ? Buffer.from(body, "utf8") : body);
  const eventId = crypto.randomUUID();
  const response = await fetch(`${local.app.url}/webhooks/${topic}`, {
    method: "POST",
    headers: webhookHeaders({ shop: SHOP, topic, body: bytes, eventId, triggeredAt: NOW }),
    body: bytes,
  });
  await response.arrayBuffer();
  return { status: response.status, eventId };
}

const storedEvent = (eventId: string) => countWebhookEvents({ shop: SHOP, eventId });

/** A valid orders/create for a new order id: must be accepted and stored whatever came before. */
let nextValidOrder = 5_000_000;
async function validDeliveryIsStored(): Promise<void> {
  const id = nextValidOrder++;
  const body = { ...orderWebhookPayload(emulated, ORDER), id, admin_graphql_api_id: `gid://shopify/Order/${id}` };
  const { status, eventId } = await deliver("orders/create", JSON.stringify(body));
  expect(status).toBe(200);
  expect(await storedEvent(eventId)).toBe(1);
}

describe("signed webhooks with hostile bodies, against the built server", () => {
  it("every data topic: hostile, garbled or non-UTF-8 bodies are 200 or 4xx (a 4xx stores no event), and a valid delivery after each is stored", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WEBHOOK_TOPICS), fc.oneof(hostileOrderText, garbledText, invalidUtf8), async (topic, body) => {
        const { status, eventId } = await deliver(topic, body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status === 200 || (status >= 400 && status < 500), `status ${status}`).toBe(true);
        if (status !== 200) expect(await storedEvent(eventId)).toBe(0);
        await validDeliveryIsStored();
      }),
      { numRuns: 120, seed: SEED },
    );
    // The fuzzer reached the parser and the mappers, not only one refusal.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(40);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// App proxy

const PROXY = readAppProxyConfig();
const RESERVED_PARAMS = new Set(["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature", "hmac", "index", "_data"]);

/** Any text, as percent-encoded bytes (also bytes that are not UTF-8): a query string's worst. */
const queryText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }).map((s) => encodeURIComponent(s)),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")),
  fc.constantFrom(
    "%ED%A0%80",
    "%FF",
    "%",
    "%zz",
    "+",
    "1e400",
    "31",
    "gid%3A%2F%2Fshopify%2FProduct%2F31",
    "-1",
    "99999999999999999999999",
  ),
);

/** A raw query string of unique keys (the library reads repeated keys as their last value) and Shopify's signed parameters. */
const proxyQuery = (loggedInCustomerId: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.uniqueArray(fc.tuple(queryText, queryText), {
        maxLength: 6,
        selector: ([key]) => new URLSearchParams(`${key}=`).keys().next().value,
      }),
      loggedInCustomerId,
    )
    .map(([pairs, customer]) => {
      const own = pairs.filter(([key]) => {
        const name = [...new URLSearchParams(`${key}=`).keys()][0];
        return name !== undefined && name !== "" && !RESERVED_PARAMS.has(name);
      });
      const raw = [
        ...own.map(([key, value]) => `${key}=${value}`),
        `shop=${SHOP}`,
        `logged_in_customer_id=${customer}`,
        `path_prefix=${encodeURIComponent(`/${PROXY.prefix}/${PROXY.subpath}`)}`,
        `timestamp=${Math.floor(Date.now() / 1000)}`,
      ].join("&");
      // Signed over the parameters as the server decodes them, as Shopify signs what it forwards.
      return `${raw}&signature=${appProxySignature(new URLSearchParams(raw), TEST_APP.apiSecret)}`;
    });

async function proxied(method: "GET" | "POST", query: string, body?: string, contentType = "application/json") {
  const response = await fetch(`${local.app.url}${PROXY.url}/reviews?${query}`, {
    method,
    headers: {
      ...BROWSER_HEADERS,
      Accept: "application/json",
      "X-Forwarded-For": `192.0.2.${Math.floor(Math.random() * 250)}`,
      ...(body === undefined ? {} : { "Content-Type": contentType }),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, error: (JSON.parse(text) as { error?: string }).error };
}

describe("app-proxy requests signed over arbitrary query strings, against the built server", () => {
  it("GET: every correctly signed query is answered 200 or 4xx — never invalid_signature — and a valid listing still answers 200", async () => {
    await fc.assert(
      fc.asyncProperty(proxyQuery(fc.constant("")), async (query) => {
        const { status, error } = await proxied("GET", query);
        expect(status === 200 || (status >= 400 && status < 500), `status ${status}`).toBe(true);
        expect(error).not.toBe("invalid_signature");
      }),
      { numRuns: 80, seed: SEED },
    );
    const valid = proxiedAppUrl({
      appUrl: local.app.url,
      apiSecret: TEST_APP.apiSecret,
      shop: SHOP,
      path: "/reviews",
      query: { product_id: "31" },
    });
    expect(await proxied("GET", new URL(valid).search.slice(1))).toEqual({ status: 200, error: undefined });
  }, 60_000);

  it("POST: arbitrary query, customer and body are 4xx or a stored review, never 5xx; the same query with one byte changed is invalid_signature", async () => {
    const reviewsBefore = await prisma.review.count({ where: { shop: SHOP } });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        proxyQuery(fc.oneof(fc.constant(""), fc.constant("601"), queryText)),
        fc.oneof(
          garbledText,
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
        ),
        async (query, body) => {
          const { status } = await proxied("POST", query, body.slice(0, 8_000));
          expect(status < 500, `status ${status}`).toBe(true);
          if (status === 200 || status === 201) stored++;
          const tampered = query.replace(/timestamp=(\d+)/, (_m, t: string) => `timestamp=${Number(t) - 1}`);
          expect(await proxied("POST", tampered, "{}")).toEqual({ status: 400, error: "invalid_signature" });
        },
      ),
      { numRuns: 50, seed: SEED },
    );
    expect(await prisma.review.count({ where: { shop: SHOP } })).toBe(reviewsBefore + stored);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Post-purchase API

let nextAddress = 1;
const freshAddress = () => `198.51.100.${nextAddress++ % 250}, 203.0.${Math.floor(nextAddress / 250)}.${nextAddress % 250}`;

/** Tokens: none, garbage, JWT-shaped garbage, signed with another secret, or signed by us with arbitrary claims. */
const bearer = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 80 }),
  fc
    .tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 44 }))
    .map((parts) => parts.join(".")),
  fc.constant(null).map(() => "signed-with-another-secret"),
  fc
    .record(
      {
        dest: fc.oneof(
          fc.constant(SHOP),
          fc.constant(`https://${SHOP}`),
          fc.constant("other-shop.myshopify.com"),
          fc.string({ maxLength: 30 }),
          fc.constant("http://[::1"),
        ),
        sub: fc.oneof(fc.constant(BUYER), fc.constant("gid://shopify/Customer/602"), fc.string({ maxLength: 30 })),
      },
      { requiredKeys: ["dest"] },
    )
    .map((claims) => ({ claims })),
);

async function tokenFor(spec: string | { claims: { dest: string; sub?: string } }): Promise<string> {
  if (spec === "signed-with-another-secret")
    return mintExtensionSessionToken({ shop: SHOP, apiKey: TEST_APP.apiKey, apiSecret: "not-the-secret", customerId: BUYER });
  if (typeof spec === "string") return spec;
  return mintExtensionSessionToken({
    shop: spec.claims.dest,
    apiKey: TEST_APP.apiKey,
    apiSecret: TEST_APP.apiSecret,
    customerId: spec.claims.sub,
  });
}

const npsBody = fc.oneof(
  garbledText,
  fc
    .record(
      {
        order_id: fc.oneof(
          fc.constant(ORDER),
          fc.constant("gid://shopify/Order/99999999999999999999"),
          fc.constant("gid://shopify/OrderIdentity/8001"),
          fc.string({ maxLength: 40 }),
        ),
        score: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double(), fc.string({ maxLength: 5 }), fc.constant(null)),
        comment: fc.oneof(fc.string({ maxLength: 80 }), fc.constant("\ud800"), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);

async function postAnswer(token: string, source: string, body: string, contentType = "application/json") {
  const response = await fetch(`${local.app.url}/api/post-purchase?source=${encodeURIComponent(source)}`, {
    method: "POST",
    headers: {
      ...BROWSER_HEADERS,
      Origin: "https://extensions.shopifycdn.com",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      "Content-Type": contentType,
      "X-Forwarded-For": freshAddress(),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, error: text ? (JSON.parse(text) as { error?: string }).error : undefined };
}

describe("post-purchase answers with arbitrary bodies and tokens, against the built server", () => {
  it("are 2xx or 4xx, never 5xx; only a 201 stores an answer; a valid answer after each is stored", async () => {
    const statuses = new Map<number, number>();
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        bearer,
        fc.constantFrom("thank-you", "order-status", "", "pos"),
        npsBody,
        fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain"),
        async (tokenSpec, source, body, contentType) => {
          const answersBefore = await prisma.npsAnswer.count({ where: { shop: SHOP } });
          const { status, error } = await postAnswer(await tokenFor(tokenSpec), source, body, contentType);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect(status < 500, `status ${status} ${error}`).toBe(true);
          expect(await prisma.npsAnswer.count({ where: { shop: SHOP } })).toBe(answersBefore + (status === 201 ? 1 : 0));

          const order = ANSWERABLE_ORDERS[answered++];
          const token = await mintExtensionSessionToken({
            shop: SHOP,
            apiKey: TEST_APP.apiKey,
            apiSecret: TEST_APP.apiSecret,
            customerId: BUYER,
          });
          expect(await postAnswer(token, "thank-you", JSON.stringify({ order_id: order, score: 9 }))).toEqual({
            status: 201,
            error: undefined,
          });
        },
      ),
      { numRuns: 80, seed: SEED },
    );
    // The fuzzer got past the token check into the body and order checks, not only 401s.
    expect([...statuses.keys()].filter((s) => s !== 401).length).toBeGreaterThan(1);
  }, 90_000);
});

// Last: a compliance webhook is Shopify's word (the signed shop header decides), and customers/redact
// deletes what it names. shop/redact, which deletes the whole shop, is left to tenant-isolation.test.ts.
describe("compliance webhooks with hostile bodies, against the built server", () => {
  it("compliance topics: garbled bodies are never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COMPLIANCE_TOPICS), fc.oneof(garbledText, invalidUtf8), async (topic, body) => {
        const { status } = await deliver(topic, body);
        expect(status, `status ${status}`).toBeLessThan(500);
      }),
      { numRuns: 40, seed: SEED },
    );
    await validDeliveryIsStored();
  }, 60_000);
});
