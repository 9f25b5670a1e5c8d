// What a merchant stumbled on, in headless Chromium through the admin shell: the Privacy page's JSON
// download (with the session token, as the CSV download), its title and wording in English and
// Japanese; the cohort grid and Shopify's RFM table staying inside their cards; Shopify's RFM groups
// by readable names.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { EmulatedShop } from "../emulator/store";
import { appFrame, artifactPath, launchBrowser, openInAdmin, seriousAxeViolations } from "../helpers/browser";
import type { LocalShopify } from "../helpers/local-shopify";
import { startSyncedOnlineRetail } from "../helpers/synced-store";
import { waitFor } from "../helpers/wait-for";

const CUSTOMER = 12347;

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;

beforeAll(async () => {
  ({ store, shopify } = await startSyncedOnlineRetail());
  const request = await shopify.emulator.sendWebhook({
    shop: store.domain,
    topic: "customers/data_request",
    payload: { shop_domain: store.domain, customer: { id: CUSTOMER }, orders_requested: [], data_request: { id: 77 } },
  });
  expect(request.status).toBe(200);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

/** Every Polaris card of the app's page whose content is wider than the card, or whose scrolling region reaches past its right edge. */
async function overflowingCards(
  page: Page,
): Promise<{ heading: string; scrollWidth: number; clientWidth: number; contentRight: number; cardRight: number }[]> {
  return appFrame(page).evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".Polaris-ShadowBevel")]
      .map((card) => {
        const regions = [...card.querySelectorAll<HTMLElement>("[role=region]")];
        return {
          heading: card.querySelector("h2")?.textContent ?? "",
          scrollWidth: card.scrollWidth,
          clientWidth: card.clientWidth,
          contentRight: Math.max(0, ...regions.map((r) => r.getBoundingClientRect().right)),
          cardRight: card.getBoundingClientRect().right,
        };
      })
      .filter((card) => card.scrollWidth > card.clientWidth + 1 || card.contentRight > card.cardRight + 1),
  );
}

describe("the Privacy page", () => {
  it("downloads a data request's JSON with the session token, then shows when it was downloaded", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/privacy" });
    await app.getByRole("heading", { name: "Customer data requests" }).waitFor({ timeout: 30_000 });
    await app.getByText(/what shoppers write in reviews and NPS comments/).waitFor();
    expect(await appFrame(page).title()).toBe("Privacy · Tsunagu");
    const row = app.getByRole("row", { name: new RegExp(`^${CUSTOMER}`) });
    await row.getByText("Not yet").waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: "Download (JSON)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^tsunagu-data-request-\d+\.json$/);
    const file = artifactPath("privacy-data-request.json");
    await download.saveAs(file);
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { customerId: string; orders: unknown[] };
    expect(data.customerId).toBe(`gid://shopify/Customer/${CUSTOMER}`);
    expect(data.orders.length).toBeGreaterThan(0);
    await waitFor(async () => (await row.getByText("Not yet").count()) === 0, { timeoutMs: 15_000, what: "the download time in the row" });
    await page.screenshot({ path: artifactPath("privacy-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("speaks Japanese without a stray space, and says that review texts and NPS comments are stored", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/privacy", locale: "ja" });
    await app.getByRole("heading", { name: "顧客データの開示リクエスト" }).waitFor({ timeout: 30_000 });
    expect(await appFrame(page).title()).toBe("プライバシー · Tsunagu");
    const text = await app.locator("main, body").first().innerText();
    expect(text).toContain("レビューと NPS のコメント");
    expect(text).not.toMatch(/。 /);
    await app.getByRole("button", { name: "ダウンロード（JSON）" }).first().waitFor();
    await page.screenshot({ path: artifactPath("privacy-ja.png"), fullPage: true });
    await page.close();
  }, 60_000);
});

describe("grids inside their cards", () => {
  for (const locale of ["en", "ja"] as const) {
    it(`keeps the 24-month cohort grid inside its card, scrolling sideways itself (${locale})`, async () => {
      const { page, app } = await openInAdmin(browser, shopify, store.domain, {
        path: "/cohorts?months=24",
        locale,
        viewport: { width: 1024, height: 900 },
      });
      await app.getByRole("table").waitFor({ timeout: 30_000 });
      expect(await overflowingCards(page)).toEqual([]);
      await app
        .locator(".Polaris-ShadowBevel", { has: app.getByRole("table") })
        .screenshot({ path: artifactPath(`cohorts-24-months-${locale}.png`) });
      await page.close();
    }, 60_000);

    it(`keeps Shopify's RFM table inside its card, with readable group names (${locale})`, async () => {
      const { page, app } = await openInAdmin(browser, shopify, store.domain, {
        path: "/segments",
        locale,
        viewport: { width: 1024, height: 900 },
      });
      const table = app.getByRole("table", { name: locale === "en" ? /^Customers per Shopify RFM group/ : /^Shopify RFM グループ/ });
      await table.waitFor({ timeout: 30_000 });
      const groups = await table.getByRole("rowheader").allInnerTexts();
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) expect(group).not.toMatch(/^[A-Z_]{3,}$/);
      await app.getByText(locale === "en" ? /Shopify's "Dormant" .* is not Tsunagu's dormant segment/ : /Shopify の「休眠」/).waitFor();
      expect(await overflowingCards(page)).toEqual([]);
      await app.locator(".Polaris-ShadowBevel", { has: table }).screenshot({ path: artifactPath(`segments-shopify-rfm-${locale}.png`) });
      await page.close();
    }, 60_000);
  }
});
