// Two shops on one app: A's merchant, A's webhooks, A's storefront and A's jobs are pointed at B's ids
// (customers, orders, reviews, data requests, segments) and must neither read nor change anything of
// B. The proof is B's every row (tests/helpers/db-introspection.ts, all tables with a shop column) and B's
// customer tags on Shopify, identical before and after; and no answer to A contains B's ids or texts.
// Also a static check: every exported model function takes the shop first (or is a listed exception).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { countWebhookEvents } from "../helpers/webhook-events";
import { proxiedAppUrl } from "../emulator/app-proxy";
import { mintExtensionSessionToken } from "../emulator/extension-session-token";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { orderWebhookPayload, customerWebhookPayload } from "../emulator/webhook-payloads";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { shopRows, type ShopRows } from "../helpers/db-introspection";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";

const REPO_ROOT = path.resolve(__dirname, "../..");
const NOW = "2026-11-20T03:00:00.000Z";
/** B's customers and orders are numbered far from A's, so such an id in an answer to A came from B. */
const B_FIRST_CUSTOMER = 7_700_001;
const B_FIRST_ORDER = 8_800_001;
const B_SECRET = "B-ONLY-REVIEW-TEXT";

let shopify: LocalShopify;
let a: EmulatedShop;
let b: EmulatedShop;
let bCustomers: string[];
let bOrders: string[];
let bReviewId: number;
let bDataRequestId: number;
let bBefore: ShopRows;
let bTagsBefore: string[][];
/** Everything A's requests answered, for the content check at the end. */
const answersToA: string[] = [];

const numeric = (gid: string) => gid.split("/").at(-1)!;

function seedShop(
  shop: EmulatedShop,
  firstCustomerId: number,
  firstOrderId: number,
  sku: string,
): { customers: string[]; orders: string[] } {
  const customers: string[] = [];
  const orders: string[] = [];
  for (let i = 0; i < 6; i++) {
    const customer = shop.addCustomer({ id: firstCustomerId + i, createdAt: "2025-01-01T00:00:00Z" });
    customers.push(customer);
    for (let n = 0; n <= i % 3; n++) {
      orders.push(
        shop.addOrder({
          id: firstOrderId + orders.length,
          customerId: customer,
          processedAt: new Date(Date.parse(NOW) - (20 + 90 * n + i) * 86_400_000).toISOString(),
          fulfilledAt: new Date(Date.parse(NOW) - (18 + 90 * n + i) * 86_400_000).toISOString(),
          lineItems: [{ sku, quantity: 1, unitPrice: 2500 + 100 * i }],
        }),
      );
    }
  }
  return { customers, orders };
}

async function syncCompleted(shop: string) {
  await waitFor(() => prisma.syncRun.findFirst({ where: { shop, status: "completed" } }), {
    timeoutMs: 120_000,
    what: `the first sync of ${shop}`,
  });
}

/** Waits until nothing of the shop changes for a while (its queued jobs have finished). */
async function settled(shop: string): Promise<ShopRows> {
  let last = JSON.stringify(await shopRows(shop));
  let stableSince = Date.now();
  const deadline = Date.now() + 90_000;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = JSON.stringify(await shopRows(shop));
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 3_000) {
      return JSON.parse(now) as ShopRows;
    }
    if (Date.now() > deadline) throw new Error(`${shop} kept changing for 90 s`);
  }
}

const tagsOf = (shop: EmulatedShop, customers: readonly string[]) => customers.map((id) => [...shop.customerTags(id)].sort());

async function asA(pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${shopify.app.url}${pathAndQuery}`, {
    ...init,
    headers: { ...BROWSER_HEADERS, Authorization: `Bearer ${await shopify.emulator.sessionToken(a.domain)}`, ...(init.headers ?? {}) },
  });
  const text = await response.clone().text();
  answersToA.push(`${init.method ?? "GET"} ${pathAndQuery} -> ${response.status}\n${text}`);
  return response;
}

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

beforeAll(async () => {
  a = createEmptyShop({ domain: "shop-a.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
  b = createEmptyShop({ domain: "shop-b.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
  seedShop(a, 100, 1000, "A-TEA");
  ({ customers: bCustomers, orders: bOrders } = seedShop(b, B_FIRST_CUSTOMER, B_FIRST_ORDER, "B-COFFEE"));
  shopify = await startLocalShopify({ shops: [a, b], now: NOW });
  expect((await shopify.openApp(a.domain)).status).toBe(200);
  expect((await shopify.openApp(b.domain)).status).toBe(200);
  await syncCompleted(a.domain);
  await syncCompleted(b.domain);

  // B holds a review, a data request and a native segment: things A could try to reach by id.
  const bReview = await prisma.review.create({
    data: {
      shop: b.domain,
      customerId: bCustomers[0],
      productId: "gid://shopify/Product/1",
      orderId: bOrders[0],
      rating: 4,
      title: B_SECRET,
      body: B_SECRET,
      status: "pending",
    },
  });
  bReviewId = bReview.id;
  const request = await shopify.emulator.sendWebhook({
    shop: b.domain,
    topic: "customers/data_request",
    payload: {
      shop_id: 2,
      shop_domain: b.domain,
      customer: { id: Number(numeric(bCustomers[1])) },
      orders_requested: [],
      data_request: { id: 77 },
    },
  });
  expect(request.status).toBe(200);
  bDataRequestId = (await prisma.dataRequest.findFirstOrThrow({ where: { shop: b.domain } })).id;
  await prisma.nativeSegment.create({
    data: { shop: b.domain, stage: "vip", segmentId: "gid://shopify/Segment/990001", query: "customer_tags CONTAINS 'tsunagu:vip'" },
  });

  await settled(a.domain);
  bBefore = await settled(b.domain);
  bTagsBefore = tagsOf(b, bCustomers);
  expect(Object.keys(bBefore)).toEqual(
    expect.arrayContaining(["Customer", "Order", "Review", "DataRequest", "NativeSegment", "Session", "Shop"]),
  );
}, 240_000);

afterAll(async () => {
  await shopify?.stop();
});

describe("A's merchant, in the admin, with B's ids", () => {
  it("every page loads A's data (200) and B's ids in the query change nothing", async () => {
    const bCustomer = numeric(bCustomers[0]);
    const pages = [
      "/app",
      `/app?period=30&shop=${b.domain}`,
      "/app/segments",
      "/app/segments?period=90",
      "/app/segments/customers?stage=vip",
      `/app/segments/customers?stage=regular&customer=${bCustomer}&shop=${b.domain}`,
      "/app/segments/customers?from=new&to=regular&period=90",
      "/app/cohorts",
      "/app/cohorts?months=12&view=revenue",
      "/app/playbook",
      "/app/journey-map",
      "/app/reviews",
      "/app/reviews?status=pending",
      "/app/privacy",
      "/app/settings",
      "/app/settings/shopify",
      "/app/settings/jobs",
    ];
    for (const page of pages) {
      expect((await asA(page)).status, page).toBe(200);
    }
  });

  it("the CSV export is A's customers only, whatever the query says", async () => {
    for (const query of ["stage=vip", "stage=regular", "stage=new", `stage=regular&shop=${b.domain}`, "from=new&to=regular&period=90"]) {
      expect((await asA(`/app/segments/export?${query}`)).status, query).toBe(200);
    }
  });

  it("B's data request cannot be downloaded (404) and is not marked downloaded", async () => {
    expect((await asA(`/app/privacy/${bDataRequestId}`)).status).toBe(404);
  });

  it("moderating B's review by its id is 404 for every intent", async () => {
    for (const intent of ["approve", "hide", "reply"]) {
      const response = await asA("/app/reviews?_data=routes/app.reviews", form({ id: String(bReviewId), intent, reply: "from A" }));
      expect(response.status, intent).toBe(404);
    }
  });

  it("A's settings, playbook and journey map actions run for A only", async () => {
    const saved = await asA(
      "/app/settings?index&_data=routes/app.settings._index",
      form({
        dormantAfterDays: "100",
        churnedAfterDays: "300",
        vipRule: "top",
        vipTopPercent: "25",
        vipMinSpend: "",
        tagPrefix: "tsunagu:",
        taggingEnabled: "on",
        reviewDelayDays: "10",
      }),
    );
    expect(saved.status).toBe(200);
    const statuses = {
      nativeSegments: (await asA("/app/settings/shopify?_data=routes/app.settings.shopify", form({}))).status,
      createSegment: (await asA("/app/playbook?_data=routes/app.playbook", form({ segment: "vip", intent: "createSegment" }))).status,
      savePlaybook: (
        await asA(
          "/app/playbook?_data=routes/app.playbook",
          form({ segment: "vip", intent: "save", brand: "1", product: "1", offer: "1", actions: "x" }),
        )
      ).status,
      journeyMap: (await asA("/app/journey-map?_data=routes/app.journey-map", form({ "new.objective": "x" }))).status,
    };
    // Each action ran as A's (an authentication or shop mix-up answers otherwise): the playbook save's
    // "actions: x" is refused by its own validation, 400.
    expect(statuses).toEqual({ nativeSegments: 200, createSegment: 200, savePlaybook: 400, journeyMap: 200 });
    expect((await asA("/app/settings/remove-tags?_data=routes/app.settings.remove-tags", form({}))).status).toBe(200);
  });
});

describe("A's webhooks naming B's customers and orders", () => {
  it("are applied, if at all, to A's rows", async () => {
    const send = (topic: string, payload: unknown) => shopify.emulator.sendWebhook({ shop: a.domain, topic, payload });
    const bOrderPayload = orderWebhookPayload(b, bOrders[0]);
    const eventsBefore = await countWebhookEvents({ shop: a.domain });
    // Well-formed deliveries, signed for A: accepted (200) and recorded as A's events, never B's.
    for (const topic of ["orders/create", "orders/updated", "orders/cancelled"])
      expect((await send(topic, bOrderPayload)).status, topic).toBe(200);
    expect((await send("refunds/create", { id: 5, order_id: Number(numeric(bOrders[0])), created_at: NOW, transactions: [] })).status).toBe(
      200,
    );
    expect((await send("customers/update", customerWebhookPayload(b, bCustomers[0]))).status).toBe(200);
    expect((await send("customers/delete", { id: Number(numeric(bCustomers[2])) })).status).toBe(200);
    // orders/updated of the same payload can be a duplicate event id: at least the distinct ones land under A.
    expect(await countWebhookEvents({ shop: a.domain })).toBeGreaterThanOrEqual(eventsBefore + 4);
    expect(await countWebhookEvents({ shop: b.domain })).toBe(0);
    const bCustomerId = Number(numeric(bCustomers[3]));
    expect(
      (
        await send("customers/data_request", {
          shop_domain: a.domain,
          customer: { id: bCustomerId },
          orders_requested: [],
          data_request: { id: 5 },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send("customers/redact", {
          shop_domain: b.domain,
          customer: { id: bCustomerId },
          orders_to_redact: bOrders.map((o) => Number(numeric(o))),
        })
      ).status,
    ).toBe(200);
  });
});

describe("A's storefront with B's customers and orders", () => {
  it("a review posted through A's proxy as B's customer is refused and stores nothing of B", async () => {
    const url = proxiedAppUrl({
      appUrl: shopify.app.url,
      apiSecret: TEST_APP.apiSecret,
      shop: a.domain,
      path: "/reviews",
      loggedInCustomerId: numeric(bCustomers[0]),
    });
    const response = await fetch(url, {
      method: "POST",
      headers: { ...BROWSER_HEADERS, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ product_id: "1", rating: 1, title: "x", body: "y", website: "" }),
    });
    answersToA.push(`proxy POST -> ${response.status}\n${await response.clone().text()}`);
    // B's customer bought nothing in A: refused as not a buyer (a signature or shop mix-up answers otherwise).
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "not_a_buyer" });
    const list = await fetch(
      proxiedAppUrl({
        appUrl: shopify.app.url,
        apiSecret: TEST_APP.apiSecret,
        shop: a.domain,
        path: "/reviews",
        query: { product_id: "1" },
      }),
      {
        headers: { ...BROWSER_HEADERS, Accept: "application/json" },
      },
    );
    answersToA.push(`proxy GET -> ${list.status}\n${await list.clone().text()}`);
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ ok: true, count: 0, reviews: [] });
  });

  it("an NPS answer with A's session token for B's order is 404 (A's Shopify has no such order); as B's customer on A's order it is 403", async () => {
    const token = await mintExtensionSessionToken({
      shop: a.domain,
      apiKey: TEST_APP.apiKey,
      apiSecret: TEST_APP.apiSecret,
      customerId: bCustomers[0],
    });
    const answer = async (orderId: string) => {
      const response = await fetch(`${shopify.app.url}/api/post-purchase?source=thank-you`, {
        method: "POST",
        headers: {
          ...BROWSER_HEADERS,
          Origin: "https://extensions.shopifycdn.com",
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ order_id: orderId, score: 0, comment: "from A" }),
      });
      answersToA.push(`nps POST ${orderId} -> ${response.status}\n${await response.clone().text()}`);
      return response.status;
    };
    // A B order no webhook of A named (A's webhooks above stored bOrders[0] as A's): not in A's rows,
    // so A's Shopify is asked, and it has no such order.
    expect(await answer(bOrders.at(-1)!)).toBe(404);
    expect(await answer("gid://shopify/Order/1000")).toBe(403);
    expect(await prisma.npsAnswer.count({ where: { shop: a.domain } })).toBe(0);
  });
});

describe("A uninstalls and is redacted, with B named in the bodies", () => {
  it("the signed shop header decides whose data goes: A's", async () => {
    await settled(a.domain);
    const send = (topic: string, payload: unknown) => shopify.emulator.sendWebhook({ shop: a.domain, topic, payload });
    expect((await send("app/uninstalled", { domain: b.domain, myshopify_domain: b.domain })).status).toBe(200);
    expect((await send("shop/redact", { shop_id: 2, shop_domain: b.domain })).status).toBe(200);
    expect(await shopRows(a.domain)).toEqual({});
  });
});

describe("afterwards, with every job A's requests started finished", () => {
  it("not one row of B changed, nor a tag of B's customers on Shopify", async () => {
    expect(await shopRows(b.domain)).toEqual(bBefore);
    expect(tagsOf(b, bCustomers)).toEqual(bTagsBefore);
  });

  it("no answer to A contained B's customer or order ids, B's shop, or B's review text", () => {
    const bMarkers = [b.domain, B_SECRET, ...bCustomers.map(numeric), ...bOrders.map(numeric)];
    const leaks = answersToA.flatMap((answer) =>
      bMarkers
        .filter((marker) => answer.includes(marker) && !answer.split("\n")[0].includes(marker))
        .map((marker) => `${marker} in ${answer.split("\n")[0]}`),
    );
    expect(answersToA.length).toBeGreaterThan(25);
    // The answers do carry customer ids — A's (100…105) — so the absence of B's means something.
    expect(answersToA.some((answer) => /Customer\/10[0-5]\b/.test(answer))).toBe(true);
    expect(leaks).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Every model function takes the shop: a static check over app/models/*.server.ts
// ---------------------------------------------------------------------------------------------------

/** Exported model functions that do not take the shop first, and why that is safe. */
const NOT_SHOP_FIRST: Record<string, string> = {
  "compliance.server.ts recordDataRequest": "its input object carries the shop",
  "webhook-event.server.ts recordWebhookEvent": "its event object carries the shop (NewWebhookEvent.shop)",
  "segments-report.server.ts parseCustomerFilter": "pure: parses a URL query, reads no rows",
  "segments-report.server.ts csvFileName": "pure: names a file, reads no rows",
  "customer-list-order.server.ts searchWhere": "pure: builds a where clause that its caller scopes to the shop",
  "customer-list-order.server.ts orderByOf": "pure: builds an order, reads no rows",
  "customer-list-order.server.ts cursorOf": "pure: a row's cursor, reads no rows",
  "customer-list-order.server.ts parseCursor": "pure: parses a URL cursor, reads no rows",
  "customer-list-order.server.ts keysetWhere": "pure: builds a where clause that its caller scopes to the shop",
  "customer.server.ts sameSegment": "pure: compares two segments, reads no rows",
  "settings-run.server.ts updateSettingsRun": "by the primary key of a run its job created for its shop",
  "sync-run.server.ts saveSyncProgress": "by the primary key of the run the sync job started for its shop",
  "sync-run.server.ts syncProgressUpdate": "by the primary key of the run the sync job started for its shop",
  "sync-run.server.ts finishSyncRun": "by the primary key of the run the sync job started for its shop",
  "sync-run.server.ts failSyncRun": "by the primary key of the run the sync job started for its shop",
  "transition.server.ts markFlowNotified": "ids read from that shop's pending transitions",
  "upsert-rows.server.ts upsertRows": "generic batch writer: every row it writes carries its shop",
  "upsert-rows.server.ts writeRows":
    "generic batch writer: its steps are built by shop-first model functions (rows and deletes carry the shop)",
  "shop-memo.server.ts shopMemo": "a cache factory: the function it returns takes the shop first and keys entries by it",
  "rate-limit.server.ts recordRateLimitAttempt": "storefront rate limits: every caller's key starts with the shop (`<shop>|<customer>`)",
  "settings-run.server.ts listUnfinishedSettingsRuns": "every shop by design: resumes runs after a restart",
  "shop.server.ts listShopsForDailyRefresh": "every shop by design: the daily scheduler",
  "webhook-event.server.ts listShopsWithPendingWebhookEvents": "every shop by design: resumes processing after a restart",
  "webhook-event.server.ts moveWebhookInbox": "every shop by design: each delivery keeps the shop its web process recorded it for",
  "webhook-event.server.ts recordingNotifiesWorkers": "reads no rows: whether the database dialect notifies workers itself",
  "webhook-event.server.ts listenForRecordedWebhookEvents":
    "every shop by design: a worker hears each recorded event's shop and processes that shop only",
  "scenario.server.ts listShopsWithActiveScenarios": "every shop by design: the scenario tick's scheduler",
  "touchpoints.server.ts listShopsAwaitingJourneys": "every shop by design: the journey re-read's scheduler",
  "scenario.server.ts recordMarketingActivity": 'by the id of a scenario the runtime loaded for its shop (listScenarios(shop, "active"))',
  "scenario.server.ts advanceEvaluation": 'by the id of a scenario the runtime loaded for its shop (listScenarios(shop, "active"))',
  "scenario.server.ts loadEntryHistory": 'by the id of a scenario the runtime loaded for its shop (listScenarios(shop, "active"))',
  "scenario.server.ts claimStep": "by the id of a step read with loadDueSteps(shop, …) / loadUnredeemedOffers(shop, …)",
  "scenario.server.ts recordStepDiscount": "by the id of a step read with loadDueSteps(shop, …) / loadUnredeemedOffers(shop, …)",
  "scenario.server.ts dropStep": "by the id of a step read with loadDueSteps(shop, …) / loadUnredeemedOffers(shop, …)",
  "scenario.server.ts markStepFired": "by the id of a step read with loadDueSteps(shop, …) / loadUnredeemedOffers(shop, …)",
  "scenario.server.ts recordRedemption": "by the id of a step read with loadDueSteps(shop, …) / loadUnredeemedOffers(shop, …)",
};

function exportedModelFunctions(): { key: string; firstParameter: string }[] {
  const dir = path.join(REPO_ROOT, "app/models");
  const found: { key: string; firstParameter: string }[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".server.ts"))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.Latest, true);
    const isExported = (node: ts.Node) =>
      ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const record = (name: string, parameters: ts.NodeArray<ts.ParameterDeclaration>) =>
      found.push({
        key: `${file} ${name}`,
        firstParameter: parameters[0] ? `${parameters[0].name.getText(source)}: ${parameters[0].type?.getText(source) ?? "?"}` : "",
      });
    source.forEachChild((node) => {
      if (ts.isFunctionDeclaration(node) && isExported(node) && node.name) record(node.name.text, node.parameters);
      if (ts.isVariableStatement(node) && isExported(node)) {
        for (const declaration of node.declarationList.declarations) {
          const init = declaration.initializer;
          if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)))
            record(declaration.name.getText(source), init.parameters);
        }
      }
    });
  }
  return found;
}

/** `shop: string`, or an object parameter with a `shop` field (`{ shop, … }: {…}`). */
const takesShopFirst = (firstParameter: string) => /^shop: string$/.test(firstParameter) || /^\{[^}]*\bshop\b[^}]*\}/.test(firstParameter);

describe("every model function requires the shop", () => {
  it("takes the shop as its first parameter, or is a listed, justified exception", () => {
    const functions = exportedModelFunctions();
    expect(functions.length).toBeGreaterThan(50);
    const unscoped = functions
      .filter((f) => !takesShopFirst(f.firstParameter) && !(f.key in NOT_SHOP_FIRST))
      .map((f) => `${f.key}(${f.firstParameter})`);
    expect(unscoped).toEqual([]);
  });

  it("lists no exception that no longer exists or now takes the shop", () => {
    const byKey = new Map(exportedModelFunctions().map((f) => [f.key, f.firstParameter]));
    const stale = Object.keys(NOT_SHOP_FIRST).filter((key) => !byKey.has(key) || takesShopFirst(byKey.get(key)!));
    expect(stale).toEqual([]);
  });
});
