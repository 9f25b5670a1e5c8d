// The demo's simulated shoppers: seeded (the same seed sends the same submissions), drawn from the
// store's real customers and orders, and sent through the signed paths a real storefront uses.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerApp } from "../emulator/app-config";
import { appProxySignature } from "../emulator/app-proxy";
import { seedOnlineRetail, ONLINE_RETAIL_DOMAIN } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { startEmulator, type Emulator } from "../emulator/server";
import type { EmulatedShop } from "../emulator/store";
import { webhookHmac } from "../emulator/webhook-delivery";
import { TEST_APP } from "../helpers/test-app";
import { dateSubmissions, planShoppers, sendShoppers, SIMULATED_LABEL, type SimulatedSubmission } from "./simulate-shoppers";

const NOW = new Date(STORES["online-retail"].now);
const DAY_MS = 24 * 60 * 60 * 1000;
let shop: EmulatedShop;
let plan: SimulatedSubmission[];

beforeAll(async () => {
  shop = await seedOnlineRetail({ now: NOW });
  plan = planShoppers(shop, { seed: 1, now: NOW });
});

const only = <K extends SimulatedSubmission["kind"]>(kind: K) =>
  plan.filter((s): s is Extract<SimulatedSubmission, { kind: K }> => s.kind === kind);

describe("the simulated shoppers' plan", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(planShoppers(shop, { seed: 1, now: NOW })).toEqual(plan);
    expect(planShoppers(shop, { seed: 2, now: NOW })).not.toEqual(plan);
  });

  it("holds 240 reviews, 150 NPS answers and one data request", () => {
    expect(only("review")).toHaveLength(240);
    expect(only("nps")).toHaveLength(150);
    expect(only("data-request")).toHaveLength(1);
  });

  it("has each customer review a product of one of their orders fulfilled at least 30 days before now, once", () => {
    const reviews = only("review");
    expect(new Set(reviews.map((r) => r.customerId)).size).toBe(reviews.length);
    for (const review of reviews) {
      const c = shop.customers.index.find(Number(review.customerId.split("/").at(-1)));
      const products = new Set<string>();
      for (let k = shop.customers.orderStart[c]; k < shop.customers.orderStart[c + 1]; k++) {
        const j = shop.customers.orderList[k];
        if (!(shop.orders.fulfilledAt[j] <= NOW.getTime() - 30 * DAY_MS) || shop.orders.refundedCents[j] === shop.orders.totalCents[j])
          continue;
        for (let l = shop.orders.lineStart[j]; l < shop.orders.lineEnd[j]; l++)
          products.add(`gid://shopify/Product/${shop.lines.product[l] + 1}`);
      }
      expect(products).toContain(review.productId);
      expect(review.rating).toBeGreaterThanOrEqual(1);
      expect(review.title.startsWith(SIMULATED_LABEL)).toBe(true);
    }
  });

  it("answers NPS once per order, for real orders of the last 60 days that belong to the answering customer and are not refunded in full", () => {
    const answers = only("nps");
    expect(new Set(answers.map((a) => a.orderId)).size).toBe(answers.length);
    for (const answer of answers) {
      const order = shop.getOrder(answer.orderId)!;
      expect(order.customerId).toBe(answer.customerId);
      expect(order.displayFinancialStatus).not.toBe("REFUNDED");
      expect(NOW.getTime() - Date.parse(order.processedAt)).toBeLessThanOrEqual(60 * DAY_MS);
      expect(answer.score).toBeGreaterThanOrEqual(0);
      expect(answer.score).toBeLessThanOrEqual(10);
      if (answer.comment !== null) expect(answer.comment.startsWith(SIMULATED_LABEL)).toBe(true);
    }
    const detractors = answers.filter((a) => a.score <= 6).length;
    expect(detractors).toBeGreaterThan(0);
    expect(detractors).toBeLessThan(answers.length / 2);
  });
});

describe("when the simulated shoppers send", () => {
  it("reviews 3 to 21 days after the order's delivery and at least a day before now", () => {
    for (const review of only("review")) {
      const c = shop.customers.index.find(Number(review.customerId.split("/").at(-1)));
      const deliveries: number[] = [];
      for (let k = shop.customers.orderStart[c]; k < shop.customers.orderStart[c + 1]; k++)
        deliveries.push(shop.orders.fulfilledAt[shop.customers.orderList[k]]);
      const daysAfter = deliveries.map((at) => (review.sentAt.getTime() - at) / DAY_MS);
      expect(daysAfter.some((days) => days >= 3 && days <= 21) || review.sentAt.getTime() === NOW.getTime() - DAY_MS).toBe(true);
      expect(review.sentAt.getTime()).toBeLessThanOrEqual(NOW.getTime() - DAY_MS);
    }
  });

  it("answers NPS on the thank-you page minutes after checkout, on the order-status page one to seven days later, never after now", () => {
    const answers = only("nps");
    for (const answer of answers) {
      const minutesAfter = (answer.sentAt.getTime() - Date.parse(shop.getOrder(answer.orderId)!.processedAt)) / 60_000;
      if (answer.sentAt.getTime() === NOW.getTime()) continue;
      if (answer.source === "thank-you") expect(minutesAfter).toBe(5);
      else expect([1, 2, 3, 4, 5, 6, 7]).toContain(minutesAfter / (24 * 60));
    }
    expect(Math.max(...answers.map((a) => a.sentAt.getTime()))).toBeLessThanOrEqual(NOW.getTime());
    // Spread over the two months, not all on the last day.
    expect(new Set(answers.map((a) => a.sentAt.toISOString().slice(0, 10))).size).toBeGreaterThan(30);
  });
});

describe("dating the stored answers", () => {
  it("moves each stored review and NPS answer of the plan to when it was sent, in the form Prisma reads and compares", async () => {
    const { default: prisma } = await import("../../app/db.server");
    const review = only("review")[0];
    const answer = only("nps")[0];
    const stranger = { shop: "other.myshopify.com", customerId: review.customerId, productId: review.productId };
    const text = { rating: review.rating, title: review.title, body: review.body, status: "published" };
    await prisma.review.create({
      data: { shop: ONLINE_RETAIL_DOMAIN, customerId: review.customerId, productId: review.productId, ...text },
    });
    await prisma.review.create({ data: { ...stranger, ...text } });
    await prisma.npsAnswer.create({
      data: {
        shop: ONLINE_RETAIL_DOMAIN,
        customerId: answer.customerId,
        orderId: answer.orderId,
        score: answer.score,
        source: answer.source,
      },
    });

    const database = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
    const dated = dateSubmissions(database, ONLINE_RETAIL_DOMAIN, plan);
    database.close();

    expect(dated).toEqual({ reviews: 1, npsAnswers: 1 });
    const at = (sentAt: Date) => ({ gte: sentAt, lt: new Date(sentAt.getTime() + 1) });
    const reviews = await prisma.review.findMany({ where: { createdAt: at(review.sentAt) }, select: { shop: true, createdAt: true } });
    expect(reviews).toEqual([{ shop: ONLINE_RETAIL_DOMAIN, createdAt: review.sentAt }]);
    const answers = await prisma.npsAnswer.findMany({ where: { createdAt: at(answer.sentAt) }, select: { createdAt: true } });
    expect(answers).toEqual([{ createdAt: answer.sentAt }]);
  });
});

describe("sending the plan", () => {
  let server: http.Server;
  let emulator: Emulator;
  let appUrl: string;
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        response.writeHead(201, { "Content-Type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl }), shops: [shop] });
  });
  afterAll(async () => {
    await emulator.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("posts reviews signed as Shopify's app proxy signs them, NPS answers with the buyer's extension session token, and a signed data-request webhook", async () => {
    const sample = [only("review")[0], only("nps")[0], only("data-request")[0]];
    const results = await sendShoppers(sample, {
      appUrl,
      apiKey: TEST_APP.apiKey,
      apiSecret: TEST_APP.apiSecret,
      shop: ONLINE_RETAIL_DOMAIN,
      emulator,
    });
    expect(results.map((r) => r.kind)).toEqual(["review", "nps", "data-request"]);
    const [review, nps, dataRequest] = received;

    const query = new URL(review.url, appUrl).searchParams;
    expect(review.method).toBe("POST");
    expect(new URL(review.url, appUrl).pathname).toBe("/proxy/reviews");
    expect(query.get("signature")).toBe(appProxySignature(query, TEST_APP.apiSecret));
    expect(`gid://shopify/Customer/${query.get("logged_in_customer_id")}`).toBe(sample[0].customerId);
    expect(review.headers["x-forwarded-for"]).toMatch(/^203\.0\.113\.\d+$/);
    expect(JSON.parse(review.body)).toMatchObject({ rating: (sample[0] as { rating: number }).rating, website: "" });

    expect(nps.url).toMatch(/^\/api\/post-purchase\?source=(thank-you|order-status)$/);
    const token = String(nps.headers.authorization).replace(/^Bearer /, "");
    const { payload } = await jwtVerify(token, new TextEncoder().encode(TEST_APP.apiSecret), { audience: TEST_APP.apiKey });
    expect(payload).toMatchObject({ sub: sample[1].customerId, dest: ONLINE_RETAIL_DOMAIN });
    expect(JSON.parse(nps.body)).toMatchObject({ order_id: (sample[1] as { orderId: string }).orderId });

    expect(dataRequest.url).toBe("/webhooks/customers/data_request");
    expect(dataRequest.headers["x-shopify-topic"]).toBe("customers/data_request");
    expect(dataRequest.headers["x-shopify-hmac-sha256"]).toBe(webhookHmac(dataRequest.body, TEST_APP.apiSecret));
    expect(JSON.parse(dataRequest.body).customer.id).toBe(Number(sample[2].customerId.split("/").at(-1)));
  });
});
