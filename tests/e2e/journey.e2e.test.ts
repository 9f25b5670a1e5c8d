// The journey, journey-map and playbook pages through the admin shell in headless Chromium: the
// funnel and the bottleneck are visible, the period switch reloads the figures, KPI definitions show
// on hover, Japanese renders Japanese, and axe-core finds no serious or critical violations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import prisma from "../../app/db.server";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { SHOPIFY_PLANS } from "../emulator/plans";
import type { EmulatedShop } from "../emulator/store";
import { artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;

beforeAll(async () => {
  store = await seedOnlineRetail({ limitCustomers: 80, now: new Date(STORES["online-retail"].now), plan: SHOPIFY_PLANS.plus });
  shopify = await startLocalShopify({ shops: [store], now: STORES["online-retail"].now });
  expect((await shopify.openApp(store.domain)).status).toBe(200);
  await waitFor(async () => (await prisma.shop.findUnique({ where: { shop: store.domain } }))?.journeyComputedAt, {
    timeoutMs: 150_000,
    what: "the journey rows",
  });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

/** Customers created in [from, to) — London is on UTC in December and the store's year ends there. */
const createdBetween = (from: string, to: string) =>
  prisma.customer.count({ where: { shop: store.domain, shopifyCreatedAt: { gte: new Date(from), lt: new Date(to) } } });

describe("journey page", () => {
  it("shows the funnel, the bottleneck and the KPI definitions, and switches period", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Journey funnel" }).waitFor({ timeout: 30_000 });
    await app.getByRole("heading", { name: /^Bottleneck/ }).waitFor();
    await page.locator("#title-bar", { hasText: "Customer journey" }).waitFor();
    const awarenessRow = () => app.getByRole("table").first().getByRole("row").filter({ has: app.getByRole("rowheader", { name: "Awareness", exact: true }) });
    // Last 30 days (the default): 11 Nov – 10 Dec 2011.
    await app.getByText("November 11, 2011 – December 10, 2011").waitFor();
    expect(await awarenessRow().getByRole("cell").nth(1).textContent()).toBe(String(await createdBetween("2011-11-11", "2011-12-11")));

    await app.getByRole("button", { name: "Last 365 days" }).click();
    await app.getByText("December 11, 2010 – December 10, 2011").waitFor();
    expect(await awarenessRow().getByRole("cell").nth(1).textContent()).toBe(String(await createdBetween("2010-12-11", "2011-12-11")));
    await app.getByText("Not collected yet", { exact: false }).waitFor();

    await app.getByRole("button", { name: "Definition of New customers" }).first().hover();
    await app.getByText("Customer accounts created in the period", { exact: false }).waitFor();
    await page.screenshot({ path: artifactPath("journey-en.png"), fullPage: true });

    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("speaks Japanese when the admin is in Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { locale: "ja" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "ジャーニーのファネル" }).waitFor({ timeout: 30_000 });
    await app.getByRole("rowheader", { name: "認知", exact: true }).waitFor();
    await app.getByRole("heading", { name: /^ボトルネック/ }).waitFor();
    await app.getByText("2011年11月11日〜2011年12月10日").waitFor();
    await page.screenshot({ path: artifactPath("journey-ja.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);
});

describe("journey map and playbook pages", () => {
  it("the journey map editor shows each stage's objective and targets", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/journey-map" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Consideration" }).waitFor({ timeout: 30_000 });
    expect(await app.getByLabel("Target conversion to Purchase (%)").inputValue()).toBe("30");
    await page.screenshot({ path: artifactPath("journey-map-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("the playbook shows each segment's content mix and the Japanese copy", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/playbook", locale: "ja" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "優良顧客" }).waitFor({ timeout: 30_000 });
    await app.getByText("新商品の先行案内").waitFor();
    await app.getByRole("heading", { name: "フォローが必要な顧客" }).waitFor();
    await page.screenshot({ path: artifactPath("playbook-ja.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
