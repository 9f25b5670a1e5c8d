// Bad webhook bodies, correctly signed (so they get past the HMAC check and reach our code), for every
// topic shopify.app.toml subscribes to: fields missing, values of the wrong type, huge arrays, unicode
// everywhere, and bodies that are not objects at all. Each must be answered 2xx or 4xx — never 5xx,
// which makes Shopify retry the same bad body for 48 hours — and a rejected body changes nothing.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../../app/db.server";
import { countWebhookEvents } from "../helpers/webhook-events";
import { isWebhookTopic } from "../../app/shopify/map-webhook-payload";
import { createEmptyShop } from "../emulator/store";
import { webhookHmac } from "../emulator/webhook-delivery";
import { customerWebhookPayload, orderWebhookPayload } from "../emulator/webhook-payloads";
import { shopRows } from "../helpers/db-introspection";
import { TEST_APP } from "../helpers/test-app";

const REPO_ROOT = path.resolve(__dirname, "../..");
const SHOP = "fuzz-webhooks.myshopify.com";
const NOW = "2026-11-20T00:00:00.000Z";
const RUNS_PER_TOPIC = 15;

/** topic -> uri, from shopify.app.toml (`topics` and `compliance_topics`). */
function subscribedTopics(): Map<string, string> {
  const toml = fs.readFileSync(path.join(REPO_ROOT, "shopify.app.toml"), "utf8");
  const found = new Map<string, string>();
  for (const block of toml.split("[[webhooks.subscriptions]]").slice(1)) {
    const topics = /(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/.exec(block)?.[1] ?? "";
    const uri = /uri\s*=\s*"([^"]+)"/.exec(block)?.[1];
    for (const topic of topics.match(/"[^"]+"/g) ?? []) if (uri) found.set(topic.slice(1, -1), uri);
  }
  return found;
}

type Json = Record<string, unknown>;
type Action = (args: ActionFunctionArgs) => Promise<Response>;

// A well-formed body per topic: the fuzzer breaks it in every way below.
const emulated = createEmptyShop({ domain: SHOP, ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
const buyer = emulated.addCustomer({ createdAt: "2026-01-01T00:00:00Z" });
const order = emulated.addOrder({
  customerId: buyer,
  processedAt: "2026-11-01T00:00:00Z",
  lineItems: [{ sku: "TEA", quantity: 2, unitPrice: 1200 }],
});
const numericBuyer = Number(buyer.split("/").at(-1));
const WELL_FORMED: Record<string, () => Json> = {
  "orders/create": () => orderWebhookPayload(emulated, order),
  "orders/updated": () => orderWebhookPayload(emulated, order),
  "orders/cancelled": () => orderWebhookPayload(emulated, order),
  "refunds/create": () => ({
    id: 77,
    order_id: Number(order.split("/").at(-1)),
    created_at: "2026-11-02T00:00:00+09:00",
    transactions: [],
    refund_line_items: [],
  }),
  "customers/create": () => customerWebhookPayload(emulated, buyer),
  "customers/update": () => customerWebhookPayload(emulated, buyer),
  "customers/delete": () => ({ id: numericBuyer, admin_graphql_api_id: buyer }),
  "app/uninstalled": () => ({ id: 1, name: "Fuzz", domain: SHOP, myshopify_domain: SHOP }),
  "app/scopes_update": () => ({ id: 1, previous: ["read_orders"], current: ["read_orders", "read_customers"], updated_at: NOW }),
  "bulk_operations/finish": () => ({
    admin_graphql_api_id: "gid://shopify/BulkOperation/1",
    completed_at: NOW,
    created_at: NOW,
    error_code: null,
    status: "completed",
    type: "query",
  }),
  "customers/data_request": () => ({
    shop_id: 1,
    shop_domain: SHOP,
    orders_requested: [1],
    customer: { id: 424242 },
    data_request: { id: 9 },
  }),
  "customers/redact": () => ({ shop_id: 1, shop_domain: SHOP, customer: { id: 424242 }, orders_to_redact: [1] }),
  "shop/redact": () => ({ shop_id: 1, shop_domain: SHOP }),
};

const strangeValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", "2026-13-45T99:99:99Z", "not a date", "gid://shopify/Order/abc", "🍵".repeat(2000), "\u0000\u202e"),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A huge array (Shopify caps nothing for us): thousands of entries of one shape. */
const hugeArray = fc
  .tuple(fc.integer({ min: 2_000, max: 5_000 }), fc.jsonValue({ maxDepth: 1 }))
  .map(([n, item]) => Array.from({ length: n }, () => item));

/** Breaks a well-formed body: drop, retype or blow up some fields (also inside nested objects). */
function mutated(template: Json) {
  const paths: string[][] = [];
  const walk = (value: unknown, at: string[]) => {
    if (at.length > 0) paths.push(at);
    if (value && typeof value === "object" && !Array.isArray(value) && at.length < 3) {
      for (const key of Object.keys(value)) walk((value as Json)[key], [...at, key]);
    }
  };
  walk(template, []);
  const edit = fc.record({
    path: fc.constantFrom(...paths),
    change: fc.oneof(
      fc.constant<"delete">("delete"),
      strangeValue.map((v) => ({ set: v })),
      hugeArray.map((v) => ({ set: v })),
    ),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const body = structuredClone(template);
    for (const { path: at, change } of edits) {
      let parent: Json = body;
      for (const key of at.slice(0, -1)) {
        const next = parent[key];
        if (!next || typeof next !== "object" || Array.isArray(next)) break;
        parent = next as Json;
      }
      const key = at[at.length - 1];
      if (change === "delete") delete parent[key];
      else parent[key] = change.set;
    }
    return body as unknown;
  });
}

const notAnObject = fc.oneof(
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
);

function signedRequest(uri: string, topic: string, body: string): Request {
  return new Request(`http://127.0.0.1:9${uri}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": webhookHmac(body, TEST_APP.apiSecret),
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": crypto.randomUUID(),
      "X-Shopify-Event-Id": crypto.randomUUID(),
      "X-Shopify-Triggered-At": NOW,
    },
    body,
  });
}

async function seedShop() {
  await prisma.shop.upsert({ where: { shop: SHOP }, create: { shop: SHOP }, update: {} });
  await prisma.session.upsert({
    where: { id: `offline_${SHOP}` },
    create: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: emulated.accessToken },
    update: {},
  });
  const at = new Date("2026-10-01T00:00:00Z");
  await prisma.customer.upsert({
    where: { shop_id: { shop: SHOP, id: "gid://shopify/Customer/424242" } },
    create: { shop: SHOP, id: "gid://shopify/Customer/424242", shopifyCreatedAt: at, shopifyUpdatedAt: at, stage: "regular" },
    update: {},
  });
}

const routes = new Map<string, { uri: string; action: Action }>();
let jobQueue: { drain(): Promise<void> };

beforeAll(async () => {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: TEST_APP.apiKey,
    SHOPIFY_API_SECRET: TEST_APP.apiSecret,
    SHOPIFY_APP_URL: "http://127.0.0.1:9",
    SCOPES: "read_customers,write_customers,read_orders,read_all_orders,read_products,write_products",
    TSUNAGU_NOW: NOW,
  });
  for (const [topic, uri] of subscribedTopics()) {
    const file = path.join(REPO_ROOT, "app/routes", `${uri.slice(1).replaceAll("/", ".")}.tsx`);
    const module = (await import(file)) as { action: Action };
    routes.set(topic, { uri, action: module.action });
  }
  ({ jobQueue } = await import("../../app/queue/job-queue.server"));
});

describe("every subscribed topic has a route and a well-formed body to break", () => {
  it("covers the topics of shopify.app.toml", () => {
    expect([...routes.keys()].sort()).toEqual(Object.keys(WELL_FORMED).sort());
  });
});

describe.each(Object.keys(WELL_FORMED))("%s, signed correctly", (topic) => {
  async function deliver(payload: unknown): Promise<number> {
    const { uri, action } = routes.get(topic)!;
    try {
      const response = await action({ request: signedRequest(uri, topic, JSON.stringify(payload)), params: {}, context: {} });
      return response.status;
    } catch (thrown) {
      // Remix answers a thrown Response with its status; anything else thrown is a 500.
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  }

  it("a broken body is answered 2xx or 4xx, and a rejected one changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: mutated(WELL_FORMED[topic]()) }, { weight: 1, arbitrary: notAnObject }),
        async (payload) => {
          await seedShop();
          const before = await shopRows(SHOP);
          const status = await deliver(payload);
          expect(status).toBeLessThan(500);
          if (status >= 400) expect(await shopRows(SHOP)).toEqual(before);
        },
      ),
      { numRuns: RUNS_PER_TOPIC },
    );
    await jobQueue.drain();
  });

  it("the well-formed body, signed the same way, is accepted (the refusals above are not the signature check's)", async () => {
    await seedShop();
    const eventsBefore = await countWebhookEvents({ shop: SHOP });
    expect(await deliver(WELL_FORMED[topic]())).toBe(200);
    if (isWebhookTopic(topic)) expect(await countWebhookEvents({ shop: SHOP })).toBe(eventsBefore + 1);
    await jobQueue.drain();
  });
});
