// The journey home with online store sessions (docs/touchpoints.md §7) through the admin shell in headless
// Chromium: on a store that grants ShopifyQL, after the first sync the sessions job has stored sessions by
// day and channel, and awareness and consideration read in sessions with the measure said in words, sessions
// by channel in a table and the synthesized-data label; on a store without Level 2 protected customer data
// the page says sessions are unavailable and keeps the customer measures — in English and Japanese, with
// screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, FrameLocator } from "playwright-core";
import prisma from "../../app/db.server";
import { localDay } from "../../app/domain/calendar";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

const NOW = new Date(STORES["online-retail"].now);
let shopify: LocalShopify;
let granted: EmulatedShop;
let level1: EmulatedShop;
let browser: BrowserContext;

beforeAll(async () => {
  granted = await seedOnlineRetail({ limitCustomers: 80, now: NOW, domain: "journey-sessions.myshopify.com" });
  level1 = await seedOnlineRetail({ limitCustomers: 20, now: NOW, domain: "journey-level1.myshopify.com", protectedCustomerDataLevel: 1 });
  shopify = await startLocalShopify({
    shops: [granted, level1],
    now: STORES["online-retail"].now,
    appEnv: { TSUNAGU_DEMO_DATA: "synthesized" },
  });
  for (const store of [granted, level1]) {
    expect((await shopify.openApp(store.domain)).status).toBe(200);
    await waitFor(async () => (await prisma.trafficSync.findUnique({ where: { shop: store.domain } })) !== null, {
      timeoutMs: 150_000,
      what: `the sessions of ${store.domain} read (or denied)`,
    });
  }
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

const stageRow = (app: FrameLocator, name: string) =>
  app
    .getByRole("table")
    .first()
    .getByRole("row")
    .filter({ has: app.getByRole("rowheader", { name, exact: true }) });

/** Sessions of the last 180 local days up to yesterday, summed from the stored rows. */
async function storedSessions(shop: string) {
  const today = localDay(NOW, granted.ianaTimezone);
  const rows = await prisma.trafficDay.findMany({ where: { shop, day: { gte: today - 179, lt: today } } });
  return {
    sessions: rows.reduce((a, r) => a + r.sessions, 0),
    checkoutSessions: rows.reduce((a, r) => a + r.checkoutSessions, 0),
    organic: rows.filter((r) => r.channel === "organic-search").reduce((a, r) => a + r.sessions, 0),
  };
}

describe("the journey with online store sessions", () => {
  it("measures awareness in sessions and consideration in sessions that reached checkout, by channel, labelled synthesized", async () => {
    expect(await prisma.trafficSync.findUnique({ where: { shop: granted.domain } })).toMatchObject({ status: "available" });
    const expected = await storedSessions(granted.domain);
    expect(expected.sessions).toBeGreaterThan(1000);
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(granted.domain, { path: "" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "How awareness and consideration are measured" }).waitFor({ timeout: 30_000 });
    await app.getByText("Awareness is measured in online store sessions and consideration in sessions that reached checkout").waitFor();
    await app.getByText("Synthesized data: this store has no real online store sessions").waitFor();
    expect(await stageRow(app, "Awareness").getByRole("cell").nth(0).textContent()).toBe(
      `${expected.sessions.toLocaleString("en-US")}Online store sessionsⓘ`,
    );
    expect(await stageRow(app, "Consideration").getByRole("cell").nth(0).textContent()).toBe(
      `${expected.checkoutSessions.toLocaleString("en-US")}Sessions that reached checkoutⓘ`,
    );
    await app.getByRole("columnheader", { name: "Sessions or customers" }).waitFor();
    // the step out of a stage measured in sessions is still the customers' cohort ratio, and says so
    expect(await stageRow(app, "Awareness").getByRole("cell").nth(2).textContent()).toContain("Customers' cohort conversion, not sessions");
    const organic = app.getByRole("row").filter({ has: app.getByRole("rowheader", { name: "Organic search", exact: true }) });
    expect((await organic.getByRole("cell").allTextContents())[0]).toBe(expected.organic.toLocaleString("en-US"));
    // the admin frame scrolls inside: the funnel and the sessions by channel as their own pictures
    await app
      .getByRole("table")
      .first()
      .screenshot({ path: artifactPath("journey-sessions-funnel-en.png") });
    await app
      .getByRole("table")
      .nth(1)
      .screenshot({ path: artifactPath("journey-sessions-channels-en.png") });
    await app.getByRole("button", { name: "Definition of Online store sessions" }).first().hover();
    await app.getByText("A session is a visit, not a customer", { exact: false }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("journey-sessions-en.png"), fullPage: true });
    await page.close();
  }, 90_000);

  it("reads in Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(granted.domain, { locale: "ja", path: "" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "認知と検討の測り方" }).waitFor({ timeout: 30_000 });
    await app.getByText("認知はオンラインストアのセッション、検討はチェックアウトに進んだセッションで測っています").waitFor();
    await app.getByRole("heading", { name: "チャネル別のセッション" }).waitFor();
    expect(await stageRow(app, "認知").getByRole("cell").nth(0).textContent()).toContain("オンラインストアのセッション");
    await app.getByRole("columnheader", { name: "セッション数・顧客数" }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("journey-sessions-ja.png"), fullPage: true });
    await app
      .getByRole("table")
      .first()
      .screenshot({ path: artifactPath("journey-sessions-funnel-ja.png") });
    await app
      .getByRole("table")
      .nth(1)
      .screenshot({ path: artifactPath("journey-sessions-channels-ja.png") });
    await page.close();
  }, 90_000);

  it("without Level 2 protected customer data: says sessions are unavailable and keeps the customer measures", async () => {
    expect(await prisma.trafficSync.findUnique({ where: { shop: level1.domain } })).toMatchObject({ status: "denied" });
    expect(await prisma.trafficDay.count({ where: { shop: level1.domain } })).toBe(0);
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(level1.domain, { path: "" }));
    const app = page.frameLocator("#app-frame");
    await app.getByText("Online store sessions are not available", { exact: false }).waitFor({ timeout: 30_000 });
    await app.getByText("Awareness is measured in customer accounts created").waitFor();
    expect(await stageRow(app, "Awareness").getByRole("cell").nth(0).textContent()).toMatch(/^\d+New customersⓘ$/);
    await page.screenshot({ path: artifactPath("journey-sessions-denied-en.png"), fullPage: true });
    await page.goto(shopify.emulator.adminShellUrl(level1.domain, { locale: "ja", path: "" }));
    await app.getByText("オンラインストアのセッションは利用できません", { exact: false }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath("journey-sessions-denied-ja.png"), fullPage: true });
    await page.close();
  }, 90_000);
});
