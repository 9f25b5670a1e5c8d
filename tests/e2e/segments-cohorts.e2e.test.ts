// The Segments and Cohorts pages, opened through the admin shell in headless Chromium: the numbers
// of the synced store, the period switch, drill-down to customers, CSV download, Japanese, and no
// serious or critical accessibility violations (axe-core).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import prisma from "../../app/db.server";
import { formatEpochDay, localDay } from "../../app/domain/calendar";
import { STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { appFrame, artifactPath, launchBrowser, openInAdmin, seriousAxeViolations } from "../helpers/browser";
import type { LocalShopify } from "../helpers/local-shopify";
import { startSyncedOnlineRetail } from "../helpers/synced-store";
import { waitFor } from "../helpers/wait-for";

const NOW = STORES["online-retail"].now;
const TIME_ZONE = "Europe/London";

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;
let counts: Record<string, number>;
/** the days with segment sizes in the default period (the last 90 days) */
let sizeDaysIn90: string[] = [];

beforeAll(async () => {
  ({ store, shopify } = await startSyncedOnlineRetail());
  const groups = await prisma.customer.groupBy({ by: ["stage"], where: { shop: store.domain }, _count: { _all: true } });
  counts = Object.fromEntries(groups.map((g) => [g.stage, g._count._all]));
  // After the first sync, the weeks before install are reconstructed from the orders.
  const installDay = formatEpochDay(localDay(new Date(NOW), TIME_ZONE));
  await waitFor(async () => (await prisma.segmentSnapshot.count({ where: { shop: store.domain, day: { lt: installDay } } })) > 0, {
    timeoutMs: 60_000,
    what: "the reconstructed segment sizes",
  });
  const days = await prisma.segmentSnapshot.findMany({
    where: { shop: store.domain },
    distinct: ["day"],
    select: { day: true },
    orderBy: { day: "asc" },
  });
  sizeDaysIn90 = days.map((d) => d.day).filter((day) => day >= formatEpochDay(localDay(new Date(NOW), TIME_ZONE) - 89));
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

describe("segments page through the admin shell", () => {
  it("shows the moves of the period, estimated from the orders on a new install (not only 'not yet classified')", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/segments" });
    await app.getByRole("heading", { name: "Moves between segments" }).waitFor({ timeout: 30_000 });
    await page.locator("#title-bar", { hasText: "Segments" }).waitFor();
    // Installed today: the last 90 days begin before install, so each customer's segment 90 days ago is reconstructed.
    await app.getByText("Estimated: the period begins before Tsunagu first classified the shop", { exact: false }).waitFor();
    const fromASegment = app.getByRole("link", { name: /^[\d,]+ customers from (First-time|Regular|VIP|Dormant|Churned|Prospect) to / });
    expect(await fromASegment.count()).toBeGreaterThan(0);
    // The segments now, and the daily sizes in the table alternative of the chart.
    await app.getByRole("img", { name: /^Customers per lifecycle segment/ }).waitFor();
    await page.screenshot({ path: artifactPath("segments-chart-en.png"), fullPage: true });
    await app.getByRole("button", { name: "Table", exact: true }).click();
    const sizes = app.getByRole("table", { name: /^Customers per lifecycle segment/ });
    await sizes.waitFor();
    // Weekly reconstructed sizes before install (13 weeks in 90 days) and the install day's own.
    expect(sizeDaysIn90.length).toBeGreaterThanOrEqual(13);
    expect(await sizes.getByRole("row").count()).toBe(1 + sizeDaysIn90.length);
    await app
      .getByText(
        "Before December 10, 2011 (install) the sizes are reconstructed weekly from past orders with today's thresholds: an estimate.",
      )
      .waitFor();
    await app.getByRole("heading", { name: "R×F grid (Tsunagu)" }).waitFor();
    await app.getByRole("heading", { name: "Shopify's RFM groups" }).waitFor();
    await page.screenshot({ path: artifactPath("segments-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("drills down from a cell of the matrix to the customers who made that move", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/segments" });
    const cell = app.getByRole("link", { name: /^[\d,]+ customers from (First-time|Regular|VIP|Dormant|Churned|Prospect) to / }).first();
    const name = (await cell.getAttribute("aria-label", { timeout: 30_000 })) ?? (await cell.textContent())!;
    const [, count, from, to] = /^([\d,]+) customers from (.+) to (.+)$/.exec(name)!;
    await cell.click();
    await app.getByRole("heading", { name: `${from} → ${to}, last 90 days` }).waitFor({ timeout: 15_000 });
    await app.getByText(`${count} customers`, { exact: true }).waitFor();
    expect(await app.getByRole("table").getByRole("row").count()).toBe(1 + Math.min(50, Number(count!.replace(/,/g, ""))));
    await page.screenshot({ path: artifactPath("segments-move-drilldown-en.png"), fullPage: true });
    await page.close();
  }, 60_000);

  it("switches the period and keeps it in the URL", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/segments" });
    const last30 = app.getByRole("button", { name: "Last 30 days" });
    await last30.waitFor({ timeout: 30_000 });
    expect(await app.getByRole("button", { name: "Last 90 days" }).getAttribute("aria-pressed")).toBe("true");
    await last30.click();
    await waitFor(async () => (await last30.getAttribute("aria-pressed")) === "true", { timeoutMs: 15_000, what: "the 30-day period" });
    await waitFor(async () => new URL(appFrame(page).url()).searchParams.get("period") === "30", {
      timeoutMs: 15_000,
      what: "period=30 in the URL",
    });
    // 30 days ending 10 Dec 2011 start on 11 Nov.
    await app
      .getByText(/November 11, 2011 to December 10, 2011/)
      .first()
      .waitFor();
    await page.close();
  }, 60_000);

  it("drills down to a segment's customers and downloads them as CSV", async () => {
    const stage = counts.regular ? "regular" : "new";
    const label = stage === "regular" ? "Regular" : "First-time";
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/segments" });
    await app.getByRole("link", { name: `View customers in ${label}` }).click({ timeout: 30_000 });
    await app.getByText(`${counts[stage]} customers`, { exact: true }).waitFor({ timeout: 15_000 });
    const rows = app.getByRole("table").getByRole("row");
    expect(await rows.count()).toBe(1 + Math.min(50, counts[stage]!));
    const firstLink = app.getByRole("link", { name: /^Customer \d+$/ }).first();
    expect(await firstLink.getAttribute("href")).toMatch(/^shopify:admin\/customers\/\d+$/);

    const [download] = await Promise.all([page.waitForEvent("download"), app.getByRole("button", { name: "Download CSV" }).click()]);
    const file = artifactPath(`segments-${stage}.csv`);
    await download.saveAs(file);
    const csv = fs.readFileSync(file, "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "customer_id,stage,r,f,m,recency_days,orders,net_spent,predicted_clv_12m,p_alive,at_risk,shopify_rfm_group,revenue_365d,orders_365d,subscriber",
    );
    expect(lines).toHaveLength(1 + counts[stage]!);
    const ids = lines.slice(1).map((line) => line.split(",")[0]!);
    const inDb = await prisma.customer.findMany({ where: { shop: store.domain, stage }, select: { id: true } });
    expect(new Set(ids)).toEqual(new Set(inDb.map((c) => c.id)));
    expect(lines.slice(1).every((line) => line.split(",")[1] === stage)).toBe(true);
    await page.screenshot({ path: artifactPath("segments-drilldown-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("sorts a segment's customers by last order and finds one by id (no names are stored)", async () => {
    const [stage, size] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/segments" });
    await app.locator(`a[href*="stage=${stage}"]:not([href*="subscriber="])`).first().click({ timeout: 30_000 });
    await app.getByText(`${size} customers`, { exact: true }).waitFor({ timeout: 30_000 });
    await app.getByText("Tsunagu stores no names or e-mail addresses, so customers are found by id.", { exact: false }).waitFor();

    await app.getByLabel("Sort by").selectOption({ label: "Last order, longest ago first" });
    const longestAgo = await prisma.customer.findFirstOrThrow({
      where: { shop: store.domain, stage, lastOrderAt: { not: null } },
      orderBy: [{ lastOrderAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const legacyId = longestAgo.id.split("/").pop()!;
    await waitFor(
      async () =>
        (await app
          .getByRole("link", { name: /^Customer \d+$/ })
          .first()
          .textContent()) === `Customer ${legacyId}`,
      {
        timeoutMs: 15_000,
        what: "the longest-ago customer first",
      },
    );

    await app.getByLabel("Customer id").fill(legacyId);
    await app.getByRole("button", { name: "Search" }).click();
    await app.getByText(`Customers whose id starts with ${legacyId}: 1`).waitFor({ timeout: 15_000 });
    expect(await app.getByRole("table").getByRole("row").count()).toBe(2);
    // The sort is kept while searching.
    expect(await app.getByLabel("Sort by").inputValue()).toBe("lastOrder.asc");
    await page.screenshot({ path: artifactPath("segments-customers-sorted-searched-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();

    const { page: ja, app: appJa } = await openInAdmin(browser, shopify, store.domain, { path: "/segments", locale: "ja" });
    await appJa.locator(`a[href*="stage=${stage}"]:not([href*="subscriber="])`).first().click({ timeout: 30_000 });
    await appJa.getByText("Tsunaguは氏名やメールアドレスを保存しないため、IDで検索します。", { exact: false }).waitFor({ timeout: 30_000 });
    await appJa.getByLabel("並べ替え").selectOption("lastOrder.asc");
    await waitFor(
      async () =>
        (await appJa
          .getByRole("link", { name: /^顧客 \d+$/ })
          .first()
          .textContent()) === `顧客 ${legacyId}`,
      {
        timeoutMs: 15_000,
        what: "the longest-ago customer first, in Japanese",
      },
    );
    await ja.screenshot({ path: artifactPath("segments-customers-sorted-ja.png"), fullPage: true });
    await ja.close();
  }, 90_000);

  it("speaks Japanese when the admin is in Japanese", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/segments", locale: "ja" });
    await app.getByRole("heading", { name: "セグメント間の移動" }).waitFor({ timeout: 30_000 });
    await app.getByRole("heading", { name: "セグメント規模の推移" }).waitFor();
    await app.getByRole("button", { name: "過去90日間" }).waitFor();
    await page.screenshot({ path: artifactPath("segments-ja.png"), fullPage: true });
    await page.close();
  }, 60_000);
});

describe("cohorts page through the admin shell", () => {
  it("shows the monthly cohorts, the repeat rate and its definition", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/cohorts" });
    await app.getByRole("heading", { name: "Monthly acquisition cohorts" }).waitFor({ timeout: 30_000 });
    await app.getByText(/This is not Shopify's "returning customer rate"/).waitFor();
    await app.getByRole("heading", { name: "Within 3 months" }).waitFor();
    const table = app.getByRole("table");
    await table.getByRole("rowheader", { name: "Dec 2011" }).waitFor();
    await page.screenshot({ path: artifactPath("cohorts-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await app.getByRole("button", { name: "Revenue per customer" }).click();
    await app.getByText("Net revenue per customer of each cohort, cumulative to month N").waitFor({ timeout: 15_000 });
    await app.getByRole("button", { name: "Last 6 months" }).click();
    await waitFor(async () => (await table.getByRole("row").count()) <= 1 + 6, { timeoutMs: 15_000, what: "six cohorts at most" });
    await waitFor(async () => new URL(appFrame(page).url()).searchParams.get("months") === "6", {
      timeoutMs: 15_000,
      what: "months=6 in the URL",
    });
    await page.close();
  }, 90_000);

  it("speaks Japanese when the admin is in Japanese", async () => {
    const { page, app } = await openInAdmin(browser, shopify, store.domain, { path: "/cohorts", locale: "ja" });
    await app.getByRole("heading", { name: "月別の獲得コホート" }).waitFor({ timeout: 30_000 });
    await app.getByRole("heading", { name: "3か月以内" }).waitFor();
    await app.getByRole("rowheader", { name: "2011年12月" }).waitFor();
    await page.screenshot({ path: artifactPath("cohorts-ja.png"), fullPage: true });
    await page.close();
  }, 60_000);
});
