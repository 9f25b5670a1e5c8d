// The settings page through the admin shell in headless Chromium: the admin's save bar, field errors,
// the preview of who would move where, saving with progress until applied, native segments, removing
// every tag, failed jobs — and the page in Japanese.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { emulatedSegments } from "../emulator/resolvers-flow-segments";
import { artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { installAndWaitForSync } from "../helpers/synced-store";

const NOW = "2025-10-01T12:00:00+09:00";
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(new Date(NOW).getTime() - d * DAY).toISOString();

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;
const ids: Record<string, string> = {};

beforeAll(async () => {
  store = createEmptyShop({ domain: "settings-e2e.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
  const buyer = (name: string, ago: number[], unitPrice = 4800, tags: string[] = []) => {
    ids[name] = store.addCustomer({ createdAt: daysAgo(400), tags });
    for (const d of ago) store.addOrder({ customerId: ids[name], processedAt: daysAgo(d), lineItems: [{ quantity: 1, unitPrice }] });
  };
  buyer("first100a", [100], 4800, ["wholesale"]);
  buyer("first100b", [100]);
  buyer("regular", [10, 20]);
  buyer("vip", [5, 6], 90_000);
  buyer("dormant250", [250]);
  buyer("first30", [30]);
  buyer("prospect", []);
  shopify = await startLocalShopify({ shops: [store], now: NOW });
  await installAndWaitForSync(shopify, store.domain);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

describe("settings page through the admin shell", () => {
  it("shows the save bar on a change, field errors, then the preview, and saving shows progress until the settings are applied", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/settings" }));
    const app = page.frameLocator("#app-frame");
    const saveBar = page.getByRole("region", { name: "Unsaved changes" });
    await app.getByRole("heading", { name: "Lifecycle rules" }).waitFor({ timeout: 30_000 });
    expect(await app.getByLabel("Time zone").inputValue()).toBe("Asia/Tokyo");
    expect(await saveBar.isVisible()).toBe(false);

    // Discard puts the saved values back and closes the bar.
    await app.getByLabel("Dormant after (days without an order)").fill("91");
    await saveBar.waitFor();
    await saveBar.getByRole("button", { name: "Discard" }).click();
    await saveBar.waitFor({ state: "hidden" });
    expect(await app.getByLabel("Dormant after (days without an order)").inputValue()).toBe("120");

    await app.getByLabel("Dormant after (days without an order)").fill("90");
    await app.getByLabel("Churned after (days without an order)").fill("60");
    // Saving needs a preview of these values first.
    expect(await saveBar.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    await app.getByText("Preview the changes before saving.").waitFor();
    await app.getByRole("button", { name: "Preview changes" }).click();
    await app.getByText("Must be more days than the dormant threshold.").waitFor();
    expect(await saveBar.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);

    await app.getByLabel("Churned after (days without an order)").fill("200");
    await app.getByRole("button", { name: "Preview changes" }).click();
    await app.getByText("3 customers change segment; 4 stay where they are.").waitFor();
    const rows = app.getByRole("table").getByRole("row");
    expect(await rows.nth(1).locator("th, td").allTextContents()).toEqual(["First-time", "Dormant", "2"]);
    expect(await rows.nth(2).locator("th, td").allTextContents()).toEqual(["Dormant", "Churned", "1"]);

    // Shopify answers 503 three times: the job retries with backoff, long enough to watch its progress.
    shopify.emulator.failNextAdminRequests(3, 503);
    await saveBar.getByRole("button", { name: "Save" }).click();
    await app.getByText("Applying settings: updating tags").waitFor({ timeout: 15_000 });
    await saveBar.waitFor({ state: "hidden" });
    await page.screenshot({ path: artifactPath("settings-progress-en.png"), fullPage: true });
    await app.getByText("Settings applied: 3 customers changed segment, 3 customers' tags updated.").waitFor({ timeout: 30_000 });
    expect(store.customerTags(ids.first100b)).toEqual(["tsunagu:dormant"]);
    expect(await app.getByLabel("Churned after (days without an order)").inputValue()).toBe("200");
    await page.screenshot({ path: artifactPath("settings-en.png"), fullPage: true });
    await page.close();
  }, 90_000);

  it("creates the six Shopify segments once and links them", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/settings/shopify" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("button", { name: "Create Shopify segments" }).click();
    await app.getByRole("link", { name: "Open in Shopify" }).nth(5).waitFor({ timeout: 30_000 });
    expect(await app.getByRole("button", { name: "Create Shopify segments" }).isDisabled()).toBe(true);
    expect(emulatedSegments(store).map((s) => s.query)).toContain("customer_tags CONTAINS 'tsunagu:vip'");
    expect(emulatedSegments(store)).toHaveLength(6);
    // The customer metafields for Shopify's segment editor: written after the first sync.
    await app.getByText("4 of 4 definitions created", { exact: false }).waitFor({ timeout: 30_000 });
    await app.getByText("metafields.app--1000001--tsunagu.lifecycle_segment").waitFor();
    await page.screenshot({ path: artifactPath("settings-shopify-en.png"), fullPage: true });
    await page.close();
  }, 60_000);

  it("removes every Tsunagu tag after confirming, which turns tagging off in the rules", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/settings/shopify" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("button", { name: "Remove all Tsunagu tags" }).click();
    await app.getByRole("dialog").getByRole("button", { name: "Remove tags" }).click();
    await app.getByText("All Tsunagu tags were removed (7 customers).").waitFor({ timeout: 30_000 });
    expect(store.customerTags(ids.first100a)).toEqual(["wholesale"]);
    await app.getByRole("link", { name: "Lifecycle rules" }).click();
    await app.getByRole("heading", { name: "Lifecycle rules" }).waitFor();
    expect(await app.getByLabel("Write segment tags to Shopify").isChecked()).toBe(false);
    await page.close();
  }, 60_000);

  it("lists the background jobs that failed for good; each section has a title and no serious axe violation", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/settings" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Lifecycle rules" }).waitFor({ timeout: 30_000 });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await app.getByRole("link", { name: "Jobs" }).click();
    await app.getByText("No background job has failed.").waitFor({ timeout: 30_000 });
    expect(await page.frame({ name: "app-iframe" })!.title()).toBe("Settings · Tsunagu");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("speaks Japanese when the admin is in Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/settings", locale: "ja" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "ライフサイクルのルール" }).waitFor({ timeout: 30_000 });
    await app.getByRole("button", { name: "変更をプレビュー" }).click();
    await app.getByText("セグメントが変わる顧客はいません。").waitFor();
    await app.getByRole("button", { name: "変更をプレビュー" }).waitFor(); // not loading any more
    await page.screenshot({ path: artifactPath("settings-ja.png"), fullPage: true });
    await app.getByRole("link", { name: "Shopify の顧客セグメントとタグ" }).click();
    await app.getByRole("heading", { name: "Shopify セグメント用の顧客メタフィールド" }).waitFor({ timeout: 30_000 });
    await app.getByText("定義 4 件中 4 件を作成済みです。", { exact: false }).waitFor();
    await page.screenshot({ path: artifactPath("settings-shopify-ja.png"), fullPage: true });
    await page.close();
  }, 60_000);
});
