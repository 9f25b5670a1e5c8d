// The journey, journey-map and playbook pages through the admin shell in headless Chromium: the
// funnel and the bottleneck are visible, no conversion reads above 100 %, the period switch reloads the
// figures, KPI definitions show on hover, Japanese renders Japanese, and axe-core finds no serious or
// critical violations; the journey map and the playbook save and discard through the admin's contextual
// save bar. Screenshots of each page in English and Japanese go to tests/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, FrameLocator } from "playwright-core";
import prisma from "../../app/db.server";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { SHOPIFY_PLANS } from "../emulator/plans";
import { DEFAULT_SCOPES, type EmulatedShop } from "../emulator/store";
import { artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;

beforeAll(async () => {
  // Without read_reports the journey keeps its customer measures (sessions: journey-sessions.e2e.test.ts).
  store = await seedOnlineRetail({
    limitCustomers: 80,
    now: new Date(STORES["online-retail"].now),
    plan: SHOPIFY_PLANS.plus,
    scopes: DEFAULT_SCOPES.filter((scope) => scope !== "read_reports"),
  });
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

/** Every percentage in the funnel table's conversion column (the third cell after the row header). */
async function conversionPercents(app: FrameLocator): Promise<number[]> {
  const cells = await app
    .getByRole("table")
    .first()
    .getByRole("row")
    .evaluateAll((rows) => rows.map((row) => row.querySelectorAll("td")[2]?.textContent ?? ""));
  return cells.flatMap((text) => [...text.matchAll(/(\d+(?:\.\d+)?)\s?%/g)].map((m) => Number(m[1])));
}

describe("journey page", () => {
  it("shows the funnel, the bottleneck in money and the KPI definitions, and switches period", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Journey funnel" }).waitFor({ timeout: 30_000 });
    await app.getByRole("heading", { name: /^Bottleneck/ }).waitFor();
    await page.locator("#title-bar", { hasText: "Customer journey" }).waitFor();
    // Last 180 days (the default): 14 Jun – 10 Dec 2011; each step is a cohort with its window.
    await app.getByText("June 14, 2011 – December 10, 2011").waitFor();
    await app.getByRole("columnheader", { name: "Money at stake" }).waitFor();
    // The card's arithmetic reads as written: customers short × value per customer ≈ money at stake.
    const card = await app.getByText(/^Customers short of the target: /).textContent();
    const [, lost, value, money] = card!
      .match(/target: ([\d.,]+)\. .* brings £([\d.,]+) .* so £([\d.,]+) is at stake/)!
      .map((m) => Number(m.replace(/,/g, "")));
    expect(Math.abs(lost * value - money)).toBeLessThanOrEqual(0.05 * value + 0.5);
    await app.getByText("F2 conversion · within 90 days", { exact: false }).waitFor();
    const percents = await conversionPercents(app);
    expect(percents.length).toBeGreaterThan(0);
    expect(Math.max(...percents)).toBeLessThanOrEqual(100);
    await page.screenshot({ path: artifactPath("journey-en.png"), fullPage: true });
    await app
      .getByRole("table")
      .first()
      .screenshot({ path: artifactPath("journey-funnel-en.png") });

    const awarenessRow = () =>
      app
        .getByRole("table")
        .first()
        .getByRole("row")
        .filter({ has: app.getByRole("rowheader", { name: "Awareness", exact: true }) });
    await app.getByRole("button", { name: "Last 30 days" }).click();
    await app.getByText("November 11, 2011 – December 10, 2011").waitFor();
    expect(await awarenessRow().getByRole("cell").nth(0).textContent()).toMatch(
      new RegExp(`^${await createdBetween("2011-11-11", "2011-12-11")}New customers`),
    );
    // A 30-day period is shorter than every step window: all still open, none counted.
    expect(await awarenessRow().getByRole("cell").nth(2).textContent()).toContain("Window still open");

    await app.getByRole("button", { name: "Last 365 days" }).click();
    await app.getByText("December 11, 2010 – December 10, 2011").waitFor();
    expect(await awarenessRow().getByRole("cell").nth(0).textContent()).toMatch(
      new RegExp(`^${(await createdBetween("2010-12-11", "2011-12-11")).toLocaleString("en-US")}New customers`),
    );
    // The store's data begins on 1 Dec 2010: the previous 365 days are not covered, so no comparison.
    await app.getByText("not fully covered by the store's data: nothing to compare with", { exact: false }).waitFor();
    expect(Math.max(...(await conversionPercents(app)))).toBeLessThanOrEqual(100);

    await app.getByRole("button", { name: "Definition of New customers" }).first().hover();
    await app.getByText("Customer accounts created in the period", { exact: false }).waitFor();
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
    await app.getByText("2011年6月14日〜2011年12月10日").waitFor();
    await app.getByRole("columnheader", { name: "機会損失額" }).waitFor();
    await app.getByText("F2転換率", { exact: false }).first().waitFor();
    expect(Math.max(...(await conversionPercents(app)))).toBeLessThanOrEqual(100);
    await page.screenshot({ path: artifactPath("journey-ja.png"), fullPage: true });
    await app
      .getByRole("table")
      .first()
      .screenshot({ path: artifactPath("journey-funnel-ja.png") });
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
    // Empty target: the store's own baseline; the step windows default to 30 and 90 days.
    expect(await app.getByLabel(/^Target conversion to Purchase/).inputValue()).toBe("");
    expect(await app.getByLabel("Days to reach Purchase").inputValue()).toBe("30");
    expect(await app.getByLabel("Days to reach Retention").inputValue()).toBe("90");
    await page.screenshot({ path: artifactPath("journey-map-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("the journey map saves and discards through the admin's contextual save bar", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/journey-map" }));
    const app = page.frameLocator("#app-frame");
    const saveBar = page.getByRole("region", { name: "Unsaved changes" });
    await app.getByRole("heading", { name: "Consideration" }).waitFor({ timeout: 30_000 });
    expect(await saveBar.isVisible()).toBe(false);
    expect(await app.getByRole("button", { name: "Save" }).count()).toBe(0);

    // Discard puts the stored value back and closes the bar.
    await app.getByLabel("Days to reach Purchase").fill("45");
    await saveBar.waitFor();
    await saveBar.getByRole("button", { name: "Discard" }).click();
    await saveBar.waitFor({ state: "hidden" });
    expect(await app.getByLabel("Days to reach Purchase").inputValue()).toBe("30");

    // A bad value is refused on its field and nothing is stored.
    await app.getByLabel("Days to reach Purchase").fill("400");
    await saveBar.waitFor();
    await saveBar.getByRole("button", { name: "Save" }).click();
    await app.getByText("Enter a whole number of days from 1 to 365.").waitFor({ timeout: 30_000 });
    await app.getByText("Some fields need a fix before the journey map can be saved.").waitFor();
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop: store.domain } })).journeyMap).toBeNull();

    await app.getByLabel("Days to reach Purchase").fill("45");
    await app.getByLabel("Objective").first().fill("Be found by tea lovers.");
    await saveBar.getByRole("button", { name: "Save" }).click();
    await app.getByText("Journey map saved.").waitFor({ timeout: 30_000 });
    await saveBar.waitFor({ state: "hidden" });
    const stored = JSON.parse((await prisma.shop.findUniqueOrThrow({ where: { shop: store.domain } })).journeyMap!);
    expect(stored.awareness.objective).toBe("Be found by tea lovers.");
    expect(stored.consideration.windowDays).toBe(45);
    expect(await app.getByLabel("Days to reach Purchase").inputValue()).toBe("45");
    await page.close();
  }, 60_000);

  it("the journey map's save bar speaks Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/journey-map", locale: "ja" }));
    const app = page.frameLocator("#app-frame");
    const saveBar = page.getByRole("region", { name: "未保存の変更" });
    await app.getByLabel("30日あたりの目標顧客数").first().waitFor({ timeout: 30_000 });
    await app.getByLabel("30日あたりの目標顧客数").first().fill("500");
    await saveBar.waitFor();
    await page.screenshot({ path: artifactPath("journey-map-save-bar-ja.png"), fullPage: true });
    await saveBar.getByRole("button", { name: "破棄" }).click();
    await saveBar.waitFor({ state: "hidden" });
    await page.close();
  }, 60_000);

  it("the playbook edits one segment at a time and saves it through the save bar", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/playbook" }));
    const app = page.frameLocator("#app-frame");
    const saveBar = page.getByRole("region", { name: "Unsaved changes" });
    await app.getByRole("heading", { name: "VIP" }).waitFor({ timeout: 30_000 });
    // Cards in journey order: prospect, first-time, regular, VIP, …
    await app.getByRole("button", { name: "Edit" }).nth(3).click();
    const offer = app.getByLabel("Offer");
    const brand = app.getByLabel("Brand");
    const [offerBefore, brandBefore] = [Number(await offer.inputValue()), Number(await brand.inputValue())];
    // The other cards wait until this edit is saved or discarded.
    expect(await app.getByRole("button", { name: "Edit" }).first().isDisabled()).toBe(true);
    expect(await saveBar.isVisible()).toBe(false);
    await offer.fill(String(offerBefore + 5));
    await brand.fill(String(brandBefore - 5));
    await saveBar.waitFor();
    await page.screenshot({ path: artifactPath("playbook-save-bar-en.png"), fullPage: true });
    await saveBar.getByRole("button", { name: "Save" }).click();
    await app.getByText("Playbook saved.").waitFor({ timeout: 30_000 });
    await saveBar.waitFor({ state: "hidden" });
    const stored = JSON.parse((await prisma.shop.findUniqueOrThrow({ where: { shop: store.domain } })).playbook!);
    expect(stored.vip.mix).toMatchObject({ offer: offerBefore + 5, brand: brandBefore - 5 });
    expect(await app.getByRole("button", { name: "Edit" }).first().isDisabled()).toBe(false);
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
