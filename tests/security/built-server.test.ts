// The public endpoints of the BUILT app (server.mjs build/index.js, as `npm start` runs it in
// production) under bad input: real bytes over HTTP, the answer's status, and what the database holds
// afterwards. In-process tests run on Node's own fetch classes; production runs on Remix's
// (@remix-run/web-fetch), which lacks e.g. Response.json — a refusal that worked in vitest answered
// 500 here. Every bad input gets a 4xx and stores nothing; no answer is a 5xx.
// Needs `npm run build` first.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { databaseDialect } from "../../app/db-dialect";
import { moveWebhookInbox } from "../../app/models/webhook-event.server";
import { countWebhookEvents } from "../helpers/webhook-events";
import { WEBHOOK_TOPICS } from "../../app/shopify/map-webhook-payload";
import { proxiedAppUrl } from "../emulator/app-proxy";
import { mintExtensionSessionToken } from "../emulator/extension-session-token";
import { createEmptyShop } from "../emulator/store";
import { shopRows } from "../helpers/db-introspection";
import { startBuiltApp, webhookHeaders } from "../helpers/built-app";
import type { LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const SHOP = "built-server.myshopify.com";
const NOW = "2026-11-20T00:00:00.000Z";
const MB = 1024 * 1024;

const emulated = createEmptyShop({ domain: SHOP, ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
// Orders on Shopify that the app has not synced (no sync runs here): an NPS answer must be checked with Shopify.
const BUYER = emulated.addCustomer({ id: 501, createdAt: "2026-01-01T00:00:00Z" });
const OTHER_BUYER = emulated.addCustomer({ id: 502, createdAt: "2026-01-01T00:00:00Z" });
const newOrder = (id: number, customerId: string | null) =>
  emulated.addOrder({ id, customerId, processedAt: "2026-11-19T23:50:00Z", lineItems: [{ sku: "TEA", quantity: 1, unitPrice: 3000 }] });
const BUYERS_ORDER = newOrder(7001, BUYER);
const OTHER_BUYERS_ORDER = newOrder(7002, OTHER_BUYER);
const GUEST_ORDER = newOrder(7003, null);
let local: LocalShopify;

beforeAll(async () => {
  local = await startBuiltApp({ shops: [emulated], now: NOW });
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

const SECRETS = { right: TEST_APP.apiSecret, wrong: "not-the-secret", none: null };
const signedHeaders = (topic: string, body: string, signature: keyof typeof SECRETS = "right") =>
  webhookHeaders({ shop: SHOP, topic, body, triggeredAt: NOW, signedWith: SECRETS[signature] });

async function postWebhook(topic: string, body: string, signature: "right" | "wrong" | "none" = "right"): Promise<number> {
  const response = await fetch(`${local.app.url}/webhooks/${topic}`, {
    method: "POST",
    headers: signedHeaders(topic, body, signature),
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

describe("signed webhooks the app refuses, answered by the built server", () => {
  it.each(WEBHOOK_TOPICS)('%s: null, {}, [], "x" and a bad id are each 400, and nothing is stored', async (topic) => {
    const before = await shopRows(SHOP);
    const statuses = [];
    for (const body of [
      "null",
      "{}",
      "[]",
      '"x"',
      JSON.stringify({ id: "not-an-id", order_id: -1, admin_graphql_api_id: "gid://shopify/Order/x" }),
    ]) {
      statuses.push(await postWebhook(topic, body));
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    expect(await shopRows(SHOP)).toEqual(before);
  });
});

describe("Shopify's documentation samples, posted as raw bytes to the built server", () => {
  const fixture = (file: string) => fs.readFileSync(path.resolve(__dirname, "../fixtures/webhooks", file), "utf8");

  it("orders/create (64-bit ids, a buyer with null times) and refunds/create (order_id above 2^53) are accepted with every digit", async () => {
    expect(await postWebhook("orders/create", fixture("docs-orders-create.json"))).toBe(200);
    expect(await postWebhook("refunds/create", fixture("docs-refunds-create.json"))).toBe(200);
    await moveWebhookInbox();
    const events = await prisma.webhookEvent.findMany({
      where: { shop: SHOP },
      orderBy: { receivedAt: "asc" },
      select: { topic: true, resourceId: true, facts: true },
    });
    expect(events.map((e) => [e.topic, e.resourceId])).toEqual([
      ["orders/create", "gid://shopify/Order/820982911946154508"],
      ["refunds/create", "gid://shopify/Order/820982911946154508"],
    ]);
    expect(JSON.parse(events[0].facts)).toMatchObject({ customerId: "gid://shopify/Customer/115310627314723954", customer: null });
  });
});

/** The server's resident memory (Linux), in bytes. */
function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/**
 * Streams `totalBytes` to the server in 1 MB chunks (with or without Content-Length) until it answers
 * or closes the connection; returns its status and the peak of its RSS meanwhile.
 */
async function sendHugeBody(pathAndQuery: string, headers: Record<string, string>, totalBytes: number, declareLength: boolean) {
  const pid = local.app.child.pid!;
  let peak = residentBytes(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 20);
  const url = new URL(pathAndQuery, local.app.url);
  try {
    const status = await new Promise<number | "closed">((resolve) => {
      const request = http.request(url, {
        method: "POST",
        headers: { ...headers, ...(declareLength ? { "Content-Length": String(totalBytes) } : { "Transfer-Encoding": "chunked" }) },
      });
      let answered = false;
      request.on("response", (response) => {
        answered = true;
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on("error", () => !answered && resolve("closed"));
      const chunk = Buffer.alloc(MB, "a");
      let sent = 0;
      const writeMore = () => {
        while (!answered && !request.destroyed && sent < totalBytes) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", writeMore);
        }
        if (!answered && !request.destroyed) request.end();
      };
      writeMore();
    });
    return { status, peakGrowth: peak };
  } finally {
    clearInterval(sampler);
  }
}

/** The processes whose parent is `pid`, with their command line and niceness (Linux /proc). */
function childProcesses(pid: number): { pid: number; command: string; niceness: number }[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const fields = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
        if (Number(fields[1]) !== pid) return [];
        const command = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
        return [{ pid: Number(entry), command, niceness: Number(fields[16]) }];
      } catch {
        return []; // ended meanwhile
      }
    });
}

describe("the built server takes webhooks in; its worker process does the work", () => {
  it("runs one worker process (the build's worker.js) at niceness 10, and a signed delivery is recorded and answered 200", async () => {
    const workers = () => childProcesses(local.app.child.pid!).filter((child) => child.command.includes("worker.js"));
    // It lowers its priority as it starts.
    await waitFor(async () => workers().some((worker) => worker.niceness === 10), { timeoutMs: 30_000, what: "the worker process" });
    expect(workers().map((worker) => worker.niceness)).toEqual([10]);
    const eventsBefore = await countWebhookEvents({ shop: SHOP });
    const body = JSON.stringify({ id: 1001, admin_graphql_api_id: "gid://shopify/Customer/1001", created_at: NOW, updated_at: NOW });
    expect(await postWebhook("customers/update", body)).toBe(200);
    expect(await countWebhookEvents({ shop: SHOP })).toBe(eventsBefore + 1);
  });

  it.runIf(databaseDialect().webhookInboxFile !== null)(
    "on SQLite, answers 200 while a job holds the database's write lock (the delivery waits in the webhook inbox), and records it once",
    async () => {
      const eventsBefore = await countWebhookEvents({ shop: SHOP });
      // A job's long write transaction (a backfill batch holds the lock for seconds), from another process.
      const job = new Database(process.env.DATABASE_URL!.slice("file:".length), { timeout: 30_000 });
      job.prepare("BEGIN IMMEDIATE").run();
      let status: number;
      try {
        const body = JSON.stringify({ id: 1002, admin_graphql_api_id: "gid://shopify/Customer/1002", created_at: NOW, updated_at: NOW });
        // Written straight into the database, the web process waited for the lock (10 s), then answered 500.
        status = await postWebhook("customers/update", body);
      } finally {
        job.prepare("ROLLBACK").run();
        job.close();
      }
      expect(status).toBe(200);
      expect(await countWebhookEvents({ shop: SHOP })).toBe(eventsBefore + 1);
    },
  );
});

describe("the intake does not wait for its worker", () => {
  it.runIf(databaseDialect().webhookInboxFile !== null)(
    "on SQLite, 800 deliveries to a worker that reads nothing (stopped) are each answered 200 within 5 s, and recorded once when it goes on",
    async () => {
      const [worker] = childProcesses(local.app.child.pid!).filter((child) => child.command.includes("worker.js"));
      const eventsBefore = await countWebhookEvents({ shop: SHOP });
      const slowest = { ms: 0 };
      // A worker busy for seconds (a backfill's synchronous work) reads its IPC channel as little as a
      // stopped one; its ~64 kB fill after ~400 enqueue messages, and an intake that waited for the send hung there.
      process.kill(worker.pid, "SIGSTOP");
      const statuses = new Set<number>();
      try {
        for (let i = 0; i < 800; i++) {
          const body = JSON.stringify({
            id: 20_000 + i,
            admin_graphql_api_id: `gid://shopify/Customer/${20_000 + i}`,
            created_at: NOW,
            updated_at: NOW,
          });
          const started = performance.now();
          const response = await fetch(`${local.app.url}/webhooks/customers/update`, {
            method: "POST",
            headers: signedHeaders("customers/update", body),
            body,
            signal: AbortSignal.timeout(5_000),
          });
          await response.arrayBuffer();
          statuses.add(response.status);
          slowest.ms = Math.max(slowest.ms, performance.now() - started);
        }
      } finally {
        process.kill(worker.pid, "SIGCONT");
      }
      expect([...statuses]).toEqual([200]);
      expect(slowest.ms).toBeLessThan(5_000);
      expect(await countWebhookEvents({ shop: SHOP })).toBe(eventsBefore + 800);
    },
    120_000,
  );
});

describe("the data webhooks are answered in front of Remix (server.mjs), as their routes answer them", () => {
  const order = JSON.stringify({
    id: 7101,
    admin_graphql_api_id: "gid://shopify/Order/7101",
    created_at: NOW,
    updated_at: NOW,
    line_items: [],
  });
  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(`${local.app.url}${path}`, { method: "POST", headers, body });
    await response.arrayBuffer();
    return response.status;
  };
  /**
   * How many lines of the request log (Express's, behind the intake) name `method path`: a request
   * Remix served has one. A marker request Remix serves is logged after every earlier request's line.
   */
  const remixLogged = async (path: string, method = "POST") => {
    const marker = `/auth/login?marker=${crypto.randomUUID()}`;
    await (await fetch(`${local.app.url}${marker}`)).arrayBuffer();
    const lines = await waitFor(
      async () => {
        const output = local.app.output().split("\n");
        return output.some((line) => line.startsWith(`GET ${marker} `)) ? output : undefined;
      },
      { timeoutMs: 10_000, what: "the marker's log line" },
    );
    return lines.filter((line) => line.startsWith(`${method} ${path} `)).length;
  };

  it("records a signed delivery and its repeat (a new delivery id, the same event id) once, and neither reaches Express or Remix", async () => {
    const before = await countWebhookEvents({ shop: SHOP });
    const body = JSON.stringify({ id: 1003, admin_graphql_api_id: "gid://shopify/Customer/1003", created_at: NOW, updated_at: NOW });
    // webhookHeaders gives each delivery a new X-Shopify-Webhook-Id.
    const delivery = () => webhookHeaders({ shop: SHOP, topic: "customers/update", body, triggeredAt: NOW, eventId: "repeated-event" });
    expect([
      await post("/webhooks/customers/update", body, delivery()),
      await post("/webhooks/customers/update", body, delivery()),
    ]).toEqual([200, 200]);
    expect(await countWebhookEvents({ shop: SHOP })).toBe(before + 1);
    expect(await remixLogged("/webhooks/customers/update")).toBe(0);
  });

  it("answers 401 unsigned, 400 a missing header, a body that is not JSON or a payload it cannot apply, 413 over 4 MB — with a query string too", async () => {
    const path = "/webhooks/orders/create?via=test";
    const headers = (body: string, signedWith: string | null = TEST_APP.apiSecret) =>
      webhookHeaders({ shop: SHOP, topic: "orders/create", body, triggeredAt: NOW, signedWith });
    const withoutShop = Object.fromEntries(Object.entries(headers(order)).filter(([name]) => name !== "X-Shopify-Shop-Domain"));
    const tooLarge = `{"pad":"${"a".repeat(4 * MB)}"}`;
    const before = await shopRows(SHOP);
    expect([
      await post(path, order, headers(order, null)),
      await post(path, order, headers(order, "not-the-secret")),
      await post(path, order, withoutShop),
      await post(path, "{not json", headers("{not json")),
      await post(path, "[]", headers("[]")),
      await post(path, tooLarge, headers(tooLarge)),
    ]).toEqual([401, 401, 400, 400, 400, 413]);
    expect(await shopRows(SHOP)).toEqual(before);
    expect(await remixLogged("/webhooks/orders/create?via=test")).toBe(0);
  });

  it("leaves every other request to Remix: a GET of a data webhook's path (no loader: Remix's 400), a compliance topic (its route's 401)", async () => {
    const response = await fetch(`${local.app.url}/webhooks/orders/create`);
    await response.arrayBuffer();
    expect(response.status).toBe(400);
    expect(await remixLogged("/webhooks/orders/create", "GET")).toBe(1);
    const body = JSON.stringify({ shop_domain: SHOP });
    expect(
      await post(
        "/webhooks/shop/redact",
        body,
        webhookHeaders({ shop: SHOP, topic: "shop/redact", body, triggeredAt: NOW, signedWith: null }),
      ),
    ).toBe(401);
    expect(await remixLogged("/webhooks/shop/redact")).toBe(1);
  });
});

describe("a 200 MB body on every public endpoint", () => {
  const endpoints = () => [
    { name: "webhook, signed wrongly", path: "/webhooks/orders/create", headers: signedHeaders("orders/create", "{}", "wrong") },
    { name: "webhook, not signed", path: "/webhooks/orders/create", headers: signedHeaders("orders/create", "{}", "none") },
    {
      name: "compliance webhook, not signed",
      path: "/webhooks/customers/redact",
      headers: signedHeaders("customers/redact", "{}", "none"),
    },
    {
      name: "app proxy review",
      path: new URL(
        proxiedAppUrl({ appUrl: local.app.url, apiSecret: TEST_APP.apiSecret, shop: SHOP, path: "/reviews", loggedInCustomerId: 1 }),
      ).pathname,
      headers: { ...BROWSER_HEADERS, "Content-Type": "application/json" },
    },
    {
      name: "post-purchase NPS, no token",
      path: "/api/post-purchase?source=thank-you",
      headers: { ...BROWSER_HEADERS, "Content-Type": "application/json" },
    },
  ];

  for (const declareLength of [true, false]) {
    it(`is answered 413 ${declareLength ? "with" : "without"} Content-Length, and the server's RSS grows < 100 MB`, async () => {
      for (const endpoint of endpoints()) {
        const baseline = residentBytes(local.app.child.pid!);
        const { status, peakGrowth } = await sendHugeBody(endpoint.path, endpoint.headers, 200 * MB, declareLength);
        expect({ endpoint: endpoint.name, status }).toEqual({ endpoint: endpoint.name, status: 413 });
        expect(peakGrowth - baseline).toBeLessThan(100 * MB);
      }
      // The server is still well: a small signed webhook is still heard.
      expect(await postWebhook("orders/create", "{}")).toBe(400);
    }, 120_000);
  }
});

describe("NPS answers cannot be stuffed (the built server, orders checked with Shopify)", () => {
  let nextAddress = 1;
  const token = (customerId?: string) =>
    mintExtensionSessionToken({ shop: SHOP, apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret, customerId });

  async function answer(
    bearer: string,
    orderId: string,
    { score = 9, address = `198.51.100.${nextAddress++}` }: { score?: number; address?: string } = {},
  ) {
    const response = await fetch(`${local.app.url}/api/post-purchase?source=thank-you`, {
      method: "POST",
      headers: {
        ...BROWSER_HEADERS,
        Origin: "https://extensions.shopifycdn.com",
        Authorization: `Bearer ${bearer}`,
        "Content-Type": "application/json",
        "X-Forwarded-For": address,
      },
      body: JSON.stringify({ order_id: orderId, score }),
    });
    const body = (await response.json()) as { error?: string };
    return { status: response.status, error: body.error };
  }

  const storedAnswers = () =>
    prisma.npsAnswer.findMany({
      where: { shop: SHOP },
      orderBy: { orderId: "asc" },
      select: { orderId: true, customerId: true, score: true },
    });

  it("an order Shopify has and we have not synced is taken from its buyer once: the same answer again is 200, another 409", async () => {
    const bearer = await token(BUYER);
    expect(await answer(bearer, BUYERS_ORDER, { score: 3 })).toEqual({ status: 201, error: undefined });
    expect(await answer(bearer, BUYERS_ORDER, { score: 3 })).toEqual({ status: 200, error: undefined });
    expect(await answer(await token(BUYER), BUYERS_ORDER, { score: 10 })).toEqual({ status: 409, error: "already_answered" });
    expect(await storedAnswers()).toEqual([{ orderId: BUYERS_ORDER, customerId: BUYER, score: 3 }]);
  });

  it("a made-up order is 404 and another customer's order 403; a guest may answer a guest order", async () => {
    const bearer = await token(BUYER);
    expect(await answer(bearer, "gid://shopify/Order/999999")).toEqual({ status: 404, error: "unknown_order" });
    expect(await answer(bearer, OTHER_BUYERS_ORDER)).toEqual({ status: 403, error: "not_your_order" });
    expect(await answer(bearer, GUEST_ORDER)).toEqual({ status: 403, error: "not_your_order" });
    expect(await answer(await token(), GUEST_ORDER, { score: 7 })).toEqual({ status: 201, error: undefined });
    expect(await storedAnswers()).toEqual([
      { orderId: BUYERS_ORDER, customerId: BUYER, score: 3 },
      { orderId: GUEST_ORDER, customerId: null, score: 7 },
    ]);
  });

  it("one guest token posting 40 made-up order ids: 5 are 404, the other 35 are 429, nothing is stored", async () => {
    const before = await storedAnswers();
    const bearer = await token();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await answer(bearer, `gid://shopify/Order/${800_000 + i}`)).status);
    expect(statuses).toEqual([...Array(5).fill(404), ...Array(35).fill(429)]);
    expect(await storedAnswers()).toEqual(before);
  });

  it("one logged-in buyer's token posting 10 orders not theirs: 5 refusals, then 429", async () => {
    const bearer = await token(OTHER_BUYER);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await answer(bearer, i % 2 ? BUYERS_ORDER : `gid://shopify/Order/${900_000 + i}`)).status);
    expect(statuses).toEqual([404, 403, 404, 403, 404, 429, 429, 429, 429, 429]);
  });

  it("one address with a fresh token each time is heard 20 times in 10 minutes; hops it puts first do not help", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await answer(await token(), `gid://shopify/Order/${950_000 + i}`, { address: `10.0.0.${i}, 203.0.113.50` })).status);
    expect(statuses).toEqual([...Array(20).fill(404), ...Array(5).fill(429)]);
  });
});
