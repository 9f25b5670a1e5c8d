// The backend of the thank-you and order-status extensions, called as the extensions call it: with a
// session token Shopify minted for the extension (tests/emulator/extension-session-token.ts), from the
// extensions' sandbox origin (CORS), against a real database.
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../../app/db.server";
import { mintExtensionSessionToken } from "../emulator/extension-session-token";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const SHOP = "nps-shop.myshopify.com";
const APP_URL = "http://127.0.0.1:9";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
const NOW = new Date("2026-11-20T00:00:00.000Z");

let route: { action: (args: ActionFunctionArgs) => Promise<Response>; loader: (args: LoaderFunctionArgs) => Promise<Response> };
let nextOrder = 5000;
const customer = (n: number) => `gid://shopify/Customer/${n}`;

async function syncedOrder(customerId: string | null): Promise<string> {
  const id = `gid://shopify/Order/${nextOrder++}`;
  await prisma.order.create({ data: { shop: SHOP, id, customerId, processedAt: NOW, shopifyUpdatedAt: NOW, totalPrice: 5000 } });
  return id;
}

const token = (options: { customerId?: string; apiSecret?: string; ttlSeconds?: number; now?: Date } = {}) =>
  mintExtensionSessionToken({ shop: SHOP, apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret, ...options });

let nextAddress = 1;

function request(
  method: "GET" | "POST" | "OPTIONS",
  query: string,
  { bearer, body, address }: { bearer?: string; body?: unknown; address?: string } = {},
) {
  return new Request(`${APP_URL}/api/post-purchase?${query}`, {
    method,
    headers: {
      ...BROWSER_HEADERS,
      Origin: EXTENSION_ORIGIN,
      // Each buyer from an address of their own unless a test says otherwise (the per-address limit).
      "X-Forwarded-For": address ?? `198.51.100.${nextAddress++}`,
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(method === "OPTIONS" ? { "Access-Control-Request-Method": "POST" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function call(req: Request) {
  const response =
    req.method === "GET"
      ? await route.loader({ request: req, params: {}, context: {} })
      : await route.action({ request: req, params: {}, context: {} });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

const answer = (bearer: string, source: string, body: Record<string, unknown>, address?: string) =>
  call(request("POST", `source=${source}`, { bearer, body, address }));

beforeAll(async () => {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: TEST_APP.apiKey,
    SHOPIFY_API_SECRET: TEST_APP.apiSecret,
    SHOPIFY_APP_URL: APP_URL,
    SCOPES: "read_customers,write_customers,read_orders",
    TSUNAGU_NOW: NOW.toISOString(),
  });
  await prisma.shop.create({ data: { shop: SHOP } });
  for (const [n, stage] of [
    [1, "vip"],
    [2, "dormant"],
    [3, "regular"],
  ] as const) {
    await prisma.customer.create({ data: { shop: SHOP, id: customer(n), shopifyCreatedAt: NOW, shopifyUpdatedAt: NOW, stage } });
  }
  route = await import("../../app/routes/api.post-purchase");
});

describe("session tokens", () => {
  it("the extension's preflight gets 204 with CORS headers", async () => {
    const { status, headers } = await call(request("OPTIONS", "source=thank-you"));
    expect(status).toBe(204);
    expect(headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });

  it("no token, a token signed with another secret, and an expired token are each 401 — readable by the extension", async () => {
    const order = await syncedOrder(customer(1));
    const forged = await token({ customerId: customer(1), apiSecret: "not-the-app-secret" });
    const expired = await token({ customerId: customer(1), ttlSeconds: 300, now: new Date(Date.now() - 3_600_000) });
    for (const bearer of [undefined, forged, expired]) {
      const result = await answer(bearer as string, "thank-you", { order_id: order, score: 10 });
      expect(result.status).toBe(401);
      expect(result.headers.get("Access-Control-Allow-Origin")).toBe("*");
    }
    expect(await prisma.npsAnswer.count({ where: { shop: SHOP, orderId: order } })).toBe(0);
  });
});

describe("thank-you state", () => {
  it("tells the extension the buyer's stage and whether the order was answered", async () => {
    const order = await syncedOrder(customer(1));
    const bearer = await token({ customerId: customer(1) });
    const before = await call(request("GET", `source=thank-you&order_id=${encodeURIComponent(order)}`, { bearer }));
    expect(before).toMatchObject({ status: 200, body: { ok: true, stage: "vip", answered: false } });
    expect(before.headers.get("Access-Control-Allow-Origin")).toBe("*");
    await answer(bearer, "thank-you", { order_id: order, score: 9 });
    expect((await call(request("GET", `source=thank-you&order_id=${encodeURIComponent(order)}`, { bearer }))).body).toMatchObject({
      answered: true,
    });
  });

  it("a guest (no sub in the token) gets no stage", async () => {
    const bearer = await token();
    const result = await call(request("GET", "source=thank-you&order_id=gid%3A%2F%2Fshopify%2FOrderIdentity%2F77", { bearer }));
    expect(result).toMatchObject({ status: 200, body: { stage: null, answered: false } });
  });
});

describe("NPS answers", () => {
  it("keeps the order's first answer: the same answer again is 200 and changes nothing, another answer is 409", async () => {
    const order = await syncedOrder(customer(3));
    const bearer = await token({ customerId: customer(3) });
    expect(await answer(bearer, "thank-you", { order_id: order, score: 8, comment: "  Quick delivery " })).toMatchObject({
      status: 201,
      body: { repeated: false },
    });
    // The extension retried (the first answer's response was lost on the way): nothing changes.
    expect(await answer(bearer, "thank-you", { order_id: order, score: 8, comment: "Quick delivery" })).toMatchObject({
      status: 200,
      body: { repeated: true },
    });
    expect(await answer(bearer, "order-status", { order_id: order, score: 10 })).toMatchObject({
      status: 409,
      body: { error: "already_answered" },
    });
    const rows = await prisma.npsAnswer.findMany({ where: { shop: SHOP, orderId: order } });
    expect(rows).toMatchObject([{ customerId: customer(3), score: 8, comment: "Quick delivery", source: "thank-you", createdAt: NOW }]);
  });

  it("two different answers sent at once: one is stored, the other is 409", async () => {
    const order = await syncedOrder(customer(3));
    const bearer = await token({ customerId: customer(3) });
    const results = await Promise.all([
      answer(bearer, "thank-you", { order_id: order, score: 2 }),
      answer(bearer, "order-status", { order_id: order, score: 9 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await prisma.npsAnswer.count({ where: { shop: SHOP, orderId: order } })).toBe(1);
  });

  it("a detractor (0–6) marks the customer for follow-up; a promoter does not", async () => {
    const bearer = await token({ customerId: customer(2) });
    await answer(bearer, "thank-you", { order_id: await syncedOrder(customer(2)), score: 6 });
    expect((await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: customer(2) } } })).needsCare).toBe(true);
    await answer(await token({ customerId: customer(1) }), "thank-you", { order_id: await syncedOrder(customer(1)), score: 10 });
    expect((await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: customer(1) } } })).needsCare).toBe(false);
  });

  it("someone else's synced order is refused with 403", async () => {
    const order = await syncedOrder(customer(1));
    expect(await answer(await token({ customerId: customer(3) }), "thank-you", { order_id: order, score: 0 })).toMatchObject({
      status: 403,
      body: { error: "not_your_order" },
    });
  });

  it("bad input names the fields: score 11, an unknown source, an order id that is not one", async () => {
    const bearer = await token({ customerId: customer(1) });
    expect(await answer(bearer, "pos", { order_id: "gid://shopify/Customer/1", score: 11 })).toMatchObject({
      status: 400,
      body: { error: "invalid_input", fields: { source: "invalid", order_id: "invalid", score: "invalid" } },
    });
    expect(
      await answer(bearer, "thank-you", { order_id: await syncedOrder(customer(1)), score: 5, comment: "x".repeat(1001) }),
    ).toMatchObject({
      status: 400,
      body: { fields: { comment: "too_long" } },
    });
  });

  it("an order not synced yet for a shop without an offline session (uninstalled) is 404 shop_not_installed, and nothing is stored", async () => {
    // Orders not synced are checked with Shopify (tests/security/built-server.test.ts asks the emulator); here there is no session to ask with.
    const result = await answer(await token({ customerId: customer(1) }), "thank-you", {
      order_id: "gid://shopify/Order/987654",
      score: 9,
    });
    expect(result).toMatchObject({ status: 404, body: { error: "shop_not_installed" } });
    expect(await prisma.npsAnswer.count({ where: { shop: SHOP, orderId: "gid://shopify/Order/987654" } })).toBe(0);
  });

  it("an order not synced yet while Shopify cannot be reached is 503 order_check_unavailable with Retry-After, and nothing is stored", async () => {
    // An installed shop (offline session) whose Shopify does not answer: here every connection off this machine fails.
    const unreachable = "nps-unreachable.myshopify.com";
    await prisma.session.create({
      data: {
        id: `offline_${unreachable}`,
        shop: unreachable,
        state: "",
        isOnline: false,
        scope: "read_orders",
        accessToken: "shpat_unreachable",
      },
    });
    const bearer = await mintExtensionSessionToken({
      shop: unreachable,
      apiKey: TEST_APP.apiKey,
      apiSecret: TEST_APP.apiSecret,
      customerId: customer(1),
    });
    const started = Date.now();
    const result = await answer(bearer, "thank-you", { order_id: "gid://shopify/Order/424242", score: 9 });
    expect(result).toMatchObject({ status: 503, body: { error: "order_check_unavailable", retryAfterSeconds: 30 } });
    expect(result.headers.get("Retry-After")).toBe("30");
    expect(result.headers.get("Access-Control-Allow-Origin")).toBe("*"); // readable by the extension
    // One retry, not the minute of backoff a job gets: the buyer is still on the page.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await prisma.npsAnswer.count({ where: { shop: unreachable } })).toBe(0);
  });

  it("a token is heard 5 times in 10 minutes, refused attempts included; the 6th is 429", async () => {
    const bearer = await token({ customerId: customer(1) });
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await answer(bearer, "thank-you", { order_id: await syncedOrder(customer(i === 0 ? 1 : 2)), score: 9 })).status);
    expect(statuses).toEqual([201, 403, 403, 403, 403, 429]);
  });

  it("an address is heard 20 times in 10 minutes across tokens; the 21st is 429 with Retry-After", async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (
          await answer(
            await token({ customerId: customer(1) }),
            "thank-you",
            { order_id: await syncedOrder(customer(1)), score: 10 },
            "203.0.113.9",
          )
        ).status,
      );
    }
    expect(statuses).toEqual([...Array(20).fill(201), 429]);
  });
});
