// Reviews end to end: a shopper's review sent through the emulator's storefront app proxy (signed as
// Shopify signs it) reaches the built app and its summary metafield; the Reviews page, opened through
// the admin shell in headless Chromium, moderates (publish, hide, reply), renders shopper markup as
// text, speaks Japanese, and has no serious or critical accessibility violations (axe-core).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import prisma from "../../app/db.server";
import { replaceOrderLines } from "../../app/models/order.server";
import { storedMetafield } from "../emulator/resolvers-metafields";
import { createEmptyShop, DEFAULT_SCOPES, type EmulatedShop } from "../emulator/store";
import { artifactPath, launchBrowser, appFrame, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

const NOW = "2026-11-20T00:00:00.000Z";
const XSS_TITLE = `<img src=x onerror="window.__pwned=1">`;
const XSS_BODY = `<script>window.__pwned=2</script> Too small for me.`;

let shopify: LocalShopify;
let store: EmulatedShop;
let shop: string;
let browser: BrowserContext;
let buyer: string;
let towel: string;
const ids: Record<"pending" | "published" | "other", number> = { pending: 0, published: 0, other: 0 };

beforeAll(async () => {
  store = createEmptyShop({
    domain: "reviews-e2e.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: new Date(NOW),
    scopes: [...DEFAULT_SCOPES, "write_products"],
  });
  shop = store.domain;
  buyer = store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" });
  const order = store.addOrder({
    customerId: buyer,
    processedAt: "2026-10-01T00:00:00Z",
    fulfilledAt: "2026-10-03T00:00:00Z",
    lineItems: [{ sku: "towel", title: "Organic towel", quantity: 1, unitPrice: 3000 }],
  });
  towel = `gid://shopify/Product/${store.products.bySku.get("towel")! + 1}`;
  shopify = await startLocalShopify({ shops: [store], now: NOW });
  expect((await shopify.openApp(shop)).status).toBe(200);
  await waitFor(() => prisma.syncRun.findFirst({ where: { shop, status: { in: ["completed", "failed"] } } }), {
    timeoutMs: 60_000,
    what: "the first sync to end",
  });
  // The synced state the verified-buyer check reads (written here so the test does not depend on how sync fills it).
  await prisma.order.upsert({
    where: { shop_id: { shop, id: order } },
    create: {
      shop,
      id: order,
      customerId: buyer,
      processedAt: new Date("2026-10-01T00:00:00Z"),
      shopifyUpdatedAt: new Date(NOW),
      totalPrice: 3000,
      fulfilledAt: new Date("2026-10-03T00:00:00Z"),
    },
    update: { fulfilledAt: new Date("2026-10-03T00:00:00Z") },
  });
  await replaceOrderLines(shop, [{ orderId: order, lines: [{ productId: towel, quantity: 1 }] }]);
  const review = (customer: number, rating: number, status: string, title: string, body: string, day: number) =>
    prisma.review.create({
      data: {
        shop,
        customerId: `gid://shopify/Customer/${customer}`,
        productId: towel,
        rating,
        title,
        body,
        status,
        createdAt: new Date(Date.UTC(2026, 10, day)),
      },
    });
  ids.pending = (await review(901, 2, "pending", XSS_TITLE, XSS_BODY, 10)).id;
  ids.published = (await review(902, 5, "published", "Soft and thick", "The best towel I own.", 11)).id;
  ids.other = (await review(903, 3, "pending", "Fine", "Does the job.", 12)).id;
  for (const [n, score, comment] of [
    [1, 10, null],
    [2, 9, "Lovely wrapping"],
    [3, 3, "Arrived late"],
  ] as const) {
    await prisma.npsAnswer.create({
      data: {
        shop,
        orderId: `gid://shopify/Order/${900 + n}`,
        score,
        comment,
        source: "thank-you",
        createdAt: new Date(Date.UTC(2026, 10, 10 + n)),
      },
    });
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

describe("a review from the storefront, through Shopify's app proxy", () => {
  it("is signed by the proxy, stored for the verified buyer and published into the product's review_summary", async () => {
    const response = await fetch(`${shopify.emulator.url}/storefront/reviews-e2e/apps/tsunagu/reviews`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Emulator-Customer-Id": buyer.split("/").at(-1)! },
      body: JSON.stringify({ product_id: towel.split("/").at(-1), rating: 4, title: "Good", body: "Nice and soft.", website: "" }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true, review: { status: "published", edited: false } });
    const summary = await waitFor(
      async () => {
        const metafield = storedMetafield(store, towel, "$app:tsunagu", "review_summary");
        const value = metafield && (JSON.parse(metafield.value) as { count: number; average: number });
        return value?.count === 2 ? value : undefined;
      },
      { timeoutMs: 20_000, what: "the review summary metafield" },
    );
    expect(summary).toMatchObject({ count: 2, average: 4.5 });

    const anonymous = await fetch(`${shopify.emulator.url}/storefront/reviews-e2e/apps/tsunagu/reviews`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ product_id: "1", rating: 5, body: "x" }),
    });
    expect(anonymous.status).toBe(401);
  }, 60_000);
});

describe("the Reviews page through the admin shell", () => {
  it("shows shopper markup as text, publishes, hides and replies", async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    // Resources the sandbox cannot reach (Shopify's CDN, a favicon) are not the page's errors.
    page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && consoleErrors.push(m.text()));
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: "/reviews" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: XSS_TITLE }).waitFor({ timeout: 30_000 });
    await page.locator("#title-bar", { hasText: "Reviews" }).waitFor();
    await app.getByText(XSS_BODY).waitFor();
    expect(await appFrame(page).evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await appFrame(page).locator("img[src=x]").count()).toBe(0);
    await app.getByRole("button", { name: "Pending (2)", pressed: false }).waitFor();
    await app.getByText("NPS, last 90 days").waitFor();
    // 2 promoters and 1 detractor of 3 answers: NPS +33.
    await app.getByText("+33", { exact: true }).waitFor();
    await app.getByText("2 (67%)").waitFor();
    await app.getByText("Arrived late").waitFor();
    // Product titles are read live from the Admin API (only ids are stored).
    expect(await app.getByRole("link", { name: "Organic towel" }).count()).toBe(4);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("reviews-en.png"), fullPage: true });
    // Server and browser render the same page (a hydration mismatch would be logged here).
    expect(consoleErrors).toEqual([]);

    await app.getByRole("button", { name: `Publish the review “${XSS_TITLE}”` }).click();
    await page.locator(".toast", { hasText: "Review published" }).waitFor({ timeout: 15_000 });
    expect((await prisma.review.findUniqueOrThrow({ where: { id: ids.pending } })).status).toBe("published");

    await app.getByRole("button", { name: "Hide the review “Fine”" }).click();
    await page.locator(".toast", { hasText: "Review hidden" }).waitFor({ timeout: 15_000 });
    expect((await prisma.review.findUniqueOrThrow({ where: { id: ids.other } })).status).toBe("hidden");

    const review = app.getByRole("region", { name: "Soft and thick" });
    await review.getByLabel("Public reply").fill("Thank you! We are glad it suits you.");
    await review.getByRole("button", { name: "Save reply" }).click();
    await page.locator(".toast", { hasText: "Reply saved" }).waitFor({ timeout: 15_000 });
    await waitFor(
      async () =>
        (await prisma.review.findUniqueOrThrow({ where: { id: ids.published } })).reply === "Thank you! We are glad it suits you." ||
        undefined,
      {
        what: "the reply",
      },
    );
    await page.close();
  }, 90_000);

  it("filters by status", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: "/reviews" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("button", { name: /^Hidden \(1\)$/ }).click({ timeout: 30_000 });
    await app.getByRole("heading", { name: "Soft and thick" }).waitFor({ state: "detached", timeout: 15_000 });
    await app.getByRole("heading", { name: "Fine" }).waitFor();
    expect(await app.getByRole("region").count()).toBe(1);
    expect(new URL(appFrame(page).url()).searchParams.get("status")).toBe("hidden");
    await page.close();
  }, 60_000);

  it("speaks Japanese when the admin is in Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { locale: "ja", path: "/reviews" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "公開のルール" }).waitFor({ timeout: 30_000 });
    await page.locator("#title-bar", { hasText: "レビュー" }).waitFor();
    await app.getByRole("button", { name: /^公開中/ }).waitFor();
    await app.getByText("NPS（過去90日間）").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("reviews-ja.png"), fullPage: true });
    await page.close();
  }, 60_000);
});
