// The subscriptions page (定期購入) through the admin shell in headless Chromium, on a shop whose
// subscriptions the emulator derives from its orders (re-orders of one product at a regular interval):
// retention by delivery as a heatmap with its walls outlined, F2, 引上率, 1-year LTV, and the monthly
// report downloaded as CSV — in Japanese and English, with screenshots.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, FrameLocator } from "playwright-core";
import prisma from "../../app/db.server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

const NOW = new Date("2026-06-01T03:00:00Z");
const DAY = 86_400_000;
const FIRST = Date.parse("2025-10-01T01:00:00Z");

let shopify: LocalShopify;
let store: EmulatedShop;
let shop: string;
let browser: BrowserContext;

beforeAll(async () => {
  store = createEmptyShop({ domain: "teiki-e2e.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: NOW });
  shop = store.domain;
  const tea = [{ sku: "TEA", title: "Green tea", quantity: 1, unitPrice: 3980 }];
  const at = (ms: number) => new Date(ms).toISOString();
  // 20 subscribers from October, monthly: 8 stop after 2 deliveries, 2 after 3, 6 after 4; 4 still
  // receiving (8 deliveries, the last on 28 May).
  const lifetimes = [...Array(8).fill(2), ...Array(2).fill(3), ...Array(6).fill(4), ...Array(4).fill(8)];
  lifetimes.forEach((deliveries, i) => {
    const customer = store.addCustomer({ createdAt: "2025-09-01T00:00:00Z" });
    for (let d = 0; d < deliveries; d++)
      store.addOrder({ customerId: customer, processedAt: at(FIRST + i * 3_600_000 + d * 30 * DAY), lineItems: tea });
  });
  // 3 buy a sample first and subscribe 20 days later (引上), 3 deliveries each; 5 buy once.
  for (let i = 0; i < 3; i++) {
    const customer = store.addCustomer({ createdAt: "2025-12-01T00:00:00Z" });
    const sample = Date.parse("2026-01-05T01:00:00Z") + i * DAY;
    store.addOrder({
      customerId: customer,
      processedAt: at(sample),
      lineItems: [{ sku: "SAMPLE", title: "Sample", quantity: 1, unitPrice: 500 }],
    });
    for (let d = 0; d < 3; d++) store.addOrder({ customerId: customer, processedAt: at(sample + (20 + 30 * d) * DAY), lineItems: tea });
  }
  for (let i = 0; i < 5; i++) {
    const customer = store.addCustomer({ createdAt: "2025-12-01T00:00:00Z" });
    store.addOrder({
      customerId: customer,
      processedAt: at(Date.parse("2026-01-10T01:00:00Z") + i * DAY),
      lineItems: [{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: 2500 }],
    });
  }
  shopify = await startLocalShopify({ shops: [store], now: NOW.toISOString() });
  expect((await shopify.openApp(shop)).status).toBe(200);
  await waitFor(async () => (await prisma.subscriptionReport.findUnique({ where: { shop } })) !== null, {
    timeoutMs: 120_000,
    what: "the first sync's subscription report",
  });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

describe("the subscriptions page", () => {
  it("shows retention by delivery with its walls, F2, 引上率 and 1-year LTV in Japanese, and downloads the monthly report", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { locale: "ja", path: "/subscriptions" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "回数別継続率" }).waitFor({ timeout: 30_000 });
    await app.getByText("定期購入 23件（継続中 4件、一時停止 0件、終了 19件）").waitFor();
    // The heatmap of all start months: 23 reach delivery 2, 15 delivery 3 (the wall after the 2nd: 8 of 23 left).
    const heatmap = app.getByTestId("retention-heatmap").first();
    await heatmap.waitFor();
    expect(await heatmap.locator('[title="2回目のあとの離脱の壁"]').count()).toBeGreaterThan(0);
    for (const name of ["F2転換率（30日）", "F2転換率（90日）", "引上率（30日）", "引上率（90日）", "休眠率"])
      await app.getByText(name, { exact: true }).first().waitFor();
    await app.getByRole("heading", { name: "獲得月別の年間LTV" }).waitFor();
    await app.getByRole("heading", { name: "月次レポート" }).waitFor();

    const download = page.waitForEvent("download");
    await app.getByRole("button", { name: "CSVをダウンロード" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("tsunagu-subscriptions-monthly-2026-06.csv");
    const csv = fs.readFileSync((await file.path())!, "utf8");
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain("月");
    expect(lines).toHaveLength(13);
    expect(lines[1].startsWith("2025-07")).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("subscriptions-ja.png"), fullPage: true });
    await page.close();
  }, 120_000);

  it("shows the same page in English", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: "/subscriptions" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Retention by delivery" }).waitFor({ timeout: 30_000 });
    await app.getByText("23 subscriptions: 4 active, 0 paused, 19 ended.").waitFor();
    expect(await app.getByTestId("retention-heatmap").first().locator('[title="Wall after delivery 2"]').count()).toBeGreaterThan(0);
    for (const name of ["F2 conversion (30 days)", "Upgrade rate (30 days)"]) await app.getByText(name, { exact: true }).first().waitFor();
    await app.getByRole("heading", { name: "1-year LTV by acquisition month" }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("subscriptions-en.png"), fullPage: true });
    await page.close();
  }, 120_000);
});

describe("the segments page filtered to subscribers", () => {
  /** The subscriber counts of the breakdown card's rows, one per segment. */
  const subscriberCounts = (app: FrameLocator, column: string) =>
    app
      .locator("table")
      .filter({ hasText: column })
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((row) => Number((row.children[1]?.textContent ?? "").replace(/[^0-9]/g, ""))));

  it("shows the 4 active subscribers beside everyone else, per segment, in Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { locale: "ja", path: "/segments?subscriber=yes" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "セグメント別の定期購入者とそれ以外（過去90日間）" }).waitFor({ timeout: 30_000 });
    await app.getByText("定期購入者に絞り込んでいるのは、金額の表と現在のセグメントです。", { exact: false }).first().waitFor();
    const counts = await subscriberCounts(app, "定期購入者の売上");
    expect(counts).toHaveLength(6);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("segments-subscribers-ja.png"), fullPage: true });
    await page.close();
  }, 120_000);

  it("shows the same in English", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: "/segments?subscriber=yes" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Subscribers and others by segment, last 90 days" }).waitFor({ timeout: 30_000 });
    expect((await subscriberCounts(app, "Subscribers' revenue")).reduce((a, b) => a + b, 0)).toBe(4);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("segments-subscribers-en.png"), fullPage: true });
    await page.close();
  }, 120_000);
});
