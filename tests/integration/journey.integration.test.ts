// GIVEN two shops on the local Shopify — the Online Retail store and a small hand-built Tokyo shop —
// WHEN each installs the app, THEN the first sync is followed by the abandoned-checkout sync and the
// journey rows, the journey, journey-map and playbook loaders answer only with a valid session token,
// and each shop only ever sees its own numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { SHOPIFY_PLANS } from "../emulator/plans";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { describeAbandonedCheckouts } from "../emulator/resolvers-abandoned-checkouts";
import { emulatedSegments } from "../emulator/resolvers-flow-segments";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { BROWSER_HEADERS } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";

const NOW = "2026-11-20T03:00:00Z"; // 12:00 in Tokyo
let shopify: LocalShopify;
let retail: EmulatedShop;
let tokyo: EmulatedShop;

/** A small Tokyo shop whose journey we can count by hand. */
function buildTokyoShop(): EmulatedShop {
  const shop = createEmptyShop({
    domain: "tsunagu-tokyo.myshopify.com",
    name: "Tokyo tea",
    currencyCode: "JPY",
    ianaTimezone: "Asia/Tokyo",
    now: new Date(NOW),
    plan: SHOPIFY_PLANS.plus,
  });
  const signedUp = shop.addCustomer({ createdAt: "2026-11-01T01:00:00Z" }); // orders twice in the period
  shop.addOrder({
    customerId: signedUp,
    processedAt: "2026-11-03T02:00:00Z",
    lineItems: [{ title: "Sencha", quantity: 2, unitPrice: 1800 }],
  });
  shop.addOrder({
    customerId: signedUp,
    processedAt: "2026-11-10T02:00:00Z",
    lineItems: [{ title: "Matcha", quantity: 1, unitPrice: 3200 }],
  });
  shop.addCustomer({ createdAt: "2026-11-05T01:00:00Z" }); // never buys
  const older = shop.addCustomer({ createdAt: "2026-09-01T01:00:00Z" }); // joined before the period, first order in it
  shop.addOrder({
    customerId: older,
    processedAt: "2026-11-15T02:00:00Z",
    lineItems: [{ title: "Hojicha", quantity: 1, unitPrice: 1500 }],
  });
  const cancelled = shop.addCustomer({ createdAt: "2026-11-06T01:00:00Z" }); // a cancelled order is not a purchase
  shop.addOrder({
    customerId: cancelled,
    processedAt: "2026-11-07T02:00:00Z",
    cancelledAt: "2026-11-07T05:00:00Z",
    lineItems: [{ title: "Sencha", quantity: 1, unitPrice: 1800 }],
  });
  return shop;
}

async function loaderData(route: string, path: string, shop: string | null, init: RequestInit = {}) {
  const headers = new Headers({ ...BROWSER_HEADERS, ...(init.headers as Record<string, string> | undefined) });
  if (shop) headers.set("Authorization", `Bearer ${await shopify.emulator.sessionToken(shop)}`);
  const separator = path.includes("?") ? "&" : "?";
  return fetch(`${shopify.app.url}${path}${separator}_data=${encodeURIComponent(route)}`, { ...init, headers, redirect: "manual" });
}

async function journey(shop: string, query = "") {
  const response = await loaderData("routes/app._index", `/app${query}`, shop);
  expect(response.status).toBe(200);
  return (await response.json()) as any;
}

const volumes = (data: any) => Object.fromEntries(data.summary.stages.map((s: any) => [s.stage, s.volume]));

beforeAll(async () => {
  retail = await seedOnlineRetail({ limitCustomers: 60, now: new Date(STORES["online-retail"].now), plan: SHOPIFY_PLANS.plus });
  tokyo = buildTokyoShop();
  // Without read_reports the journey keeps its customer measures (sessions: sessions-sync.integration.test.ts).
  for (const shop of [retail, tokyo]) shop.scopes.delete("read_reports");
  shopify = await startLocalShopify({ shops: [retail, tokyo], now: NOW });
  for (const shop of [retail, tokyo]) {
    expect((await shopify.openApp(shop.domain)).status).toBe(200);
  }
  for (const shop of [retail, tokyo]) {
    await waitFor(async () => (await prisma.shop.findUnique({ where: { shop: shop.domain } }))?.journeyComputedAt, {
      timeoutMs: 150_000,
      what: `the journey rows of ${shop.domain}`,
    });
  }
}, 240_000);

afterAll(async () => {
  await shopify?.stop();
});

describe("abandoned checkouts sync", () => {
  it("stores every checkout Shopify lists for the shop, with its customer and completion", async () => {
    for (const shop of [retail, tokyo]) {
      const expected = describeAbandonedCheckouts(shop).filter((c) => Date.parse(c.createdAt) <= Date.parse(NOW));
      const stored = await prisma.abandonedCheckout.findMany({ where: { shop: shop.domain }, orderBy: { id: "asc" } });
      expect(stored.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
      const byId = new Map(stored.map((c) => [c.id, c]));
      for (const c of expected) {
        expect(byId.get(c.id)?.customerId).toBe(c.customerId);
        expect(byId.get(c.id)?.completedAt?.toISOString() ?? null).toBe(c.completedAt && new Date(c.completedAt).toISOString());
      }
    }
  });
});

describe("journey loader", () => {
  it("answers without a session token with a redirect to the login, and a forged token with 401, never the data", async () => {
    const response = await loaderData("routes/app._index", "/app", null);
    // A Remix data request turns the library's redirect into 204 + X-Remix-Redirect.
    expect(response.status).toBe(204);
    expect(response.headers.get("x-remix-redirect")).toMatch(/^\/auth\/login/);
    const forged = await loaderData("routes/app._index", "/app", null, { headers: { Authorization: "Bearer not-a-token" } });
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain("summary");
    for (const route of ["app.journey-map", "app.playbook"]) {
      const other = await loaderData(`routes/${route}`, `/${route.replace(".", "/")}`, null, {
        headers: { Authorization: "Bearer not-a-token" },
      });
      expect(other.status).toBe(401);
    }
  });

  it("counts the Tokyo shop's last 30 days by hand", async () => {
    const data = await journey(tokyo.domain, "?period=30");
    expect(data.period).toMatchObject({ from: "2026-10-22", to: "2026-11-20", days: 30, preset: 30 });
    const checkouts = describeAbandonedCheckouts(tokyo);
    // Customers whose first checkout (first abandoned one, else the first order) falls in the period.
    const firstAbandoned = new Map<string, number>();
    for (const c of checkouts) {
      const at = Date.parse(c.createdAt);
      if (c.customerId && at < (firstAbandoned.get(c.customerId) ?? Infinity)) firstAbandoned.set(c.customerId, at);
    }
    const ids = Object.fromEntries(
      (await prisma.customer.findMany({ where: { shop: tokyo.domain }, select: { id: true, shopifyCreatedAt: true } })).map((c) => [
        c.shopifyCreatedAt.toISOString().slice(0, 10),
        c.id,
      ]),
    );
    const firstOrderAt: Record<string, number> = {
      [ids["2026-11-01"]]: Date.parse("2026-11-03T02:00:00Z"),
      [ids["2026-09-01"]]: Date.parse("2026-11-15T02:00:00Z"),
    };
    const periodStart = Date.parse("2026-10-21T15:00:00Z"); // 22 Oct 00:00 in Tokyo
    const firstCheckouts = Object.values(ids).filter((id) => {
      const first = Math.min(firstAbandoned.get(id) ?? Infinity, firstOrderAt[id] ?? Infinity);
      return first >= periodStart && first <= Date.parse(NOW);
    }).length;
    expect(volumes(data)).toEqual({ awareness: 3, consideration: firstCheckouts, purchase: 2, retention: 1, advocacy: 0 });
    const kpi = (id: string) => data.summary.stages.flatMap((s: any) => s.kpis).find((k: any) => k.id === id);
    expect(kpi("repeatOrders").value).toBe(1);
    expect(kpi("abandonedCheckouts").value).toBe(checkouts.filter((c) => Date.parse(c.createdAt) >= periodStart).length);
    expect(data.advocacyCollected).toBe(false);
    expect(data.currencyCode).toBe("JPY");
    expect(data.timeZone).toBe("Asia/Tokyo");
  });

  it("the Online Retail shop's first orders over a year match its customers' first qualifying orders", async () => {
    const data = await journey(retail.domain, "?from=2010-12-10&to=2011-12-09");
    const firstOrders = await prisma.customer.count({
      where: { shop: retail.domain, firstOrderAt: { gte: new Date("2010-12-10T00:00:00Z"), lt: new Date("2011-12-10T00:00:00Z") } },
    });
    expect(volumes(data).purchase).toBe(firstOrders);
    expect(volumes(data).awareness).toBe(
      await prisma.customer.count({
        where: { shop: retail.domain, shopifyCreatedAt: { gte: new Date("2010-12-10T00:00:00Z"), lt: new Date("2011-12-10T00:00:00Z") } },
      }),
    );
    expect(data.currencyCode).toBe("GBP");
  });

  it("never shows one shop's numbers to the other", async () => {
    const [a, b] = await Promise.all([
      journey(retail.domain, "?from=2010-12-10&to=2011-12-09"),
      journey(tokyo.domain, "?from=2010-12-10&to=2011-12-09"),
    ]);
    expect(volumes(b)).toEqual({ awareness: 0, consideration: 0, purchase: 0, retention: 0, advocacy: 0 });
    expect(volumes(a).purchase).toBeGreaterThan(0);
    expect(Object.values(b.home.counts as Record<string, number>).reduce((sum, n) => sum + n, 0)).toBe(4);
  });

  it("an impossible custom range is reported and the last 180 days shown instead", async () => {
    const data = await journey(tokyo.domain, "?from=2026-11-10&to=2026-11-01");
    expect(data.periodError).toBe("endBeforeStart");
    expect(data.period.days).toBe(180);
  });
});

describe("journey map", () => {
  const form = (values: Record<string, string>) => new URLSearchParams(values);

  it("refuses a target over 100 % with 400 and keeps the stored map", async () => {
    const response = await loaderData("routes/app.journey-map", "/app/journey-map", tokyo.domain, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ "purchase.targetConversionPercent": "140" }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([{ stage: "purchase", field: "targetConversion", problem: "notAPercent" }]);
    expect((await prisma.shop.findUnique({ where: { shop: tokyo.domain } }))?.journeyMap).toBeNull();
  });

  it("saves a shop's map for that shop only, and the journey uses its targets", async () => {
    const response = await loaderData("routes/app.journey-map", "/app/journey-map", tokyo.domain, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form({
        "awareness.objective": "お茶好きに見つけてもらう",
        "awareness.targetConversionPercent": "90",
        "purchase.targetConversionPercent": "10",
      }),
    });
    expect(response.status).toBe(200);
    const data = await journey(tokyo.domain, "?period=30");
    expect(data.journeyMap.awareness).toMatchObject({ objective: "お茶好きに見つけてもらう", targetConversion: 0.9 });
    expect(data.summary.stages[0].step.target).toEqual({ conversion: 0.9, source: "merchant" });
    expect((await prisma.shop.findUnique({ where: { shop: retail.domain } }))?.journeyMap).toBeNull();
  });
});

describe("playbook", () => {
  const post = (shop: string, values: Record<string, string>) =>
    loaderData("routes/app.playbook", "/app/playbook", shop, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(values),
    });

  it("creates the native Shopify segment for a lifecycle segment once", async () => {
    const first = await post(tokyo.domain, { intent: "createSegment", segment: "vip" });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, created: true });
    const again = await post(tokyo.domain, { intent: "createSegment", segment: "vip" });
    expect(await again.json()).toMatchObject({ ok: true, created: false });
    expect(emulatedSegments(tokyo).map((s) => s.query)).toEqual(["customer_tags CONTAINS 'tsunagu:vip'"]);
    expect(emulatedSegments(retail)).toEqual([]);
  });

  it("saves an edited content mix and refuses one that does not add up to 100 %", async () => {
    expect(
      (await post(tokyo.domain, { intent: "save", segment: "dormant", brand: "10", product: "10", offer: "10", actions: "" })).status,
    ).toBe(400);
    expect(
      (await post(tokyo.domain, { intent: "save", segment: "dormant", brand: "10", product: "40", offer: "50", actions: "Coupon 30%" }))
        .status,
    ).toBe(200);
    const response = await loaderData("routes/app.playbook", "/app/playbook", tokyo.domain);
    const data = (await response.json()) as any;
    expect(data.playbook.dormant).toEqual({ mix: { brand: 10, product: 40, offer: 50 }, actions: ["Coupon 30%"] });
    expect(data.nativeSegments).toEqual({ vip: expect.stringMatching(/^gid:\/\/shopify\/Segment\//) });
    expect((await post(tokyo.domain, { intent: "save", segment: "nobody", brand: "100", product: "0", offer: "0" })).status).toBe(400);
  });

  it("lists the shop's customers needing care, never another shop's", async () => {
    const [tokyoCustomer, retailCustomer] = await Promise.all([
      prisma.customer.findFirstOrThrow({ where: { shop: tokyo.domain, ordersCount: 2 } }),
      prisma.customer.findFirstOrThrow({ where: { shop: retail.domain } }),
    ]);
    await prisma.customer.updateMany({
      where: {
        OR: [
          { shop: tokyo.domain, id: tokyoCustomer.id },
          { shop: retail.domain, id: retailCustomer.id },
        ],
      },
      data: { needsCare: true },
    });
    const data = (await (await loaderData("routes/app.playbook", "/app/playbook", tokyo.domain)).json()) as any;
    expect(data.needsCare).toEqual({
      customers: [{ id: tokyoCustomer.id, stage: tokyoCustomer.stage, ordersCount: 2, lastOrderAt: "2026-11-10T02:00:00.000Z" }],
      total: 1,
    });
    expect(Object.values(data.sizes as Record<string, number>).reduce((sum, n) => sum + n, 0)).toBe(4);
  });
});
