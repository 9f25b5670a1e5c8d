// The home page, opened through the admin shell in headless Chromium, shows the demo store's
// segment counts — in English and, when the admin is in Japanese, in Japanese.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import prisma from "../../app/db.server";
import type { EmulatedShop } from "../emulator/store";
import { artifactPath, launchBrowser } from "../helpers/browser";
import type { LocalShopify } from "../helpers/local-shopify";
import { startSyncedOnlineRetail } from "../helpers/synced-store";

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;
let counts: Record<string, number>;

beforeAll(async () => {
  ({ store, shopify } = await startSyncedOnlineRetail());
  const groups = await prisma.customer.groupBy({ by: ["stage"], where: { shop: store.domain }, _count: { _all: true } });
  counts = Object.fromEntries(groups.map((g) => [g.stage, g._count._all]));
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

describe("home page through the admin shell", () => {
  it("shows the segment counts of the store in English", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Lifecycle segments" }).waitFor({ timeout: 30_000 });
    // The journey page also has the funnel and the money per segment; the segment counts are the table with the rules.
    const table = app.getByRole("table").filter({ has: app.getByRole("columnheader", { name: "Rule", exact: true }) });
    for (const [stage, label] of [
      ["prospect", "Prospect"],
      ["new", "First-time"],
      ["regular", "Regular"],
      ["vip", "VIP"],
      ["dormant", "Dormant"],
      ["churned", "Churned"],
    ] as const) {
      const row = table.getByRole("row").filter({ has: app.getByRole("rowheader", { name: label, exact: true }) });
      expect(await row.getByRole("cell").nth(1).textContent()).toBe(String(counts[stage] ?? 0));
    }
    await app.getByText(`${store.customerCount()} customers in total`).waitFor();
    await app.getByText(/Last sync completed/).waitFor();
    // The App Bridge stand-in handed the title bar and the navigation menu to the admin shell.
    await page.locator("#title-bar", { hasText: "Customer journey" }).waitFor();
    expect(await page.locator("#app-nav a").allTextContents()).toEqual([
      "Journey",
      "Segments",
      "Cohorts",
      "Acquisition",
      "Playbook",
      "Scenarios",
      "Reviews",
      "Subscriptions",
      "Model check",
      "Settings",
      "Privacy",
    ]);
    await page.screenshot({ path: artifactPath("home-en.png"), fullPage: true });
    await page.close();
  }, 60_000);

  it("speaks Japanese when the admin is in Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { locale: "ja" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "ライフサイクルセグメント" }).waitFor({ timeout: 30_000 });
    const countsTable = app.getByRole("table").filter({ has: app.getByRole("columnheader", { name: "ルール", exact: true }) });
    await countsTable.getByRole("rowheader", { name: "優良顧客" }).waitFor();
    await app.getByText(`顧客数 合計 ${store.customerCount()} 人`).waitFor();
    await page.screenshot({ path: artifactPath("home-ja.png"), fullPage: true });
    await page.close();
  }, 60_000);
});
