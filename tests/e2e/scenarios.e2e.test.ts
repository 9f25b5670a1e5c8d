// Scenarios through the admin shell in headless Chromium: create the dormant win-back from its default,
// preview who enters today, edit the holdout through the admin's save bar (and see a field error), start
// it; the results page with entrants against the holdout, the uplift with its intervals and how many
// more entrants are needed — in English and Japanese, with screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import prisma from "../../app/db.server";
import { defaultSegmentScenario } from "../../app/domain/scenarios/defaults";
import { assessSufficiency } from "../../app/domain/scenarios/sample-size";
import { createScenario } from "../../app/models/scenario.server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { appFrame, artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { installAndWaitForSync } from "../helpers/synced-store";

// Thursday 12 March 2026, 15:00 in Tokyo.
const NOW = "2026-03-12T15:00:00+09:00";
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(new Date(NOW).getTime() - d * DAY);

let shopify: LocalShopify;
let store: EmulatedShop;
let shop: string;
let browser: BrowserContext;
let scenarioId: number;

beforeAll(async () => {
  store = createEmptyShop({ domain: "scenarios-e2e.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
  shop = store.domain;
  const dormant = [0, 1, 2].map(() => store.addCustomer({ createdAt: daysAgo(400).toISOString() }));
  for (const customerId of dormant)
    store.addOrder({ customerId, processedAt: daysAgo(200).toISOString(), lineItems: [{ quantity: 1, unitPrice: 4800 }] });
  shopify = await startLocalShopify({ shops: [store], now: NOW });
  await installAndWaitForSync(shopify, shop);
  // Two of them became dormant this morning (10:00 in Tokyo): today's entrants of a → dormant scenario
  // (in place of the moves the first recompute recorded, so the preview's figures are the test's own).
  await prisma.segmentTransition.deleteMany({ where: { shop } });
  for (const customerId of dormant.slice(0, 2)) {
    await prisma.segmentTransition.create({
      data: {
        shop,
        customerId,
        fromStage: "new",
        toStage: "dormant",
        at: new Date("2026-03-12T01:00:00Z"),
        reason: "recompute",
        flowNotifiedAt: new Date(NOW),
      },
    });
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

/** 30 treated entrants (9 bought for ¥5,000 with ¥750 off their code) and 10 held out (1 bought), entered 20 days ago. */
async function seedOutcomes(id: number, firstCustomer = 9000) {
  const enteredAt = daysAgo(20);
  for (let i = 0; i < 40; i++) {
    const holdout = i >= 30;
    const converted = holdout ? i === 30 : i < 9;
    const customerId = `gid://shopify/Customer/${firstCustomer + i}`;
    const orderedAt = new Date(enteredAt.getTime() + 10 * DAY);
    const entry = await prisma.scenarioEntry.create({
      data: {
        shop,
        scenarioId: id,
        customerId,
        entryNumber: 1,
        entryKey: `test:${i}`,
        enteredAt,
        holdout,
        exitedAt: converted ? orderedAt : null,
        exitReason: converted ? "converted" : null,
      },
    });
    if (converted) {
      await prisma.order.create({
        data: {
          shop,
          id: `gid://shopify/Order/${firstCustomer + i}`,
          customerId,
          processedAt: orderedAt,
          shopifyUpdatedAt: orderedAt,
          totalPrice: 5000,
        },
      });
    }
    if (!holdout) {
      for (const stepIndex of [0, 1]) {
        await prisma.stepFire.create({
          data: {
            shop,
            scenarioId: id,
            entryId: entry.id,
            stepIndex,
            dueAt: new Date(enteredAt.getTime() + stepIndex * 7 * DAY),
            firedAt: new Date(enteredAt.getTime() + stepIndex * 7 * DAY),
            idempotencyKey: `test:${firstCustomer + i}:${stepIndex}`,
            ...(stepIndex === 1 && converted
              ? { discountCode: `TSU-TEST${i}`, redeemedOrderId: `gid://shopify/Order/${firstCustomer + i}`, discountAmount: 750 }
              : {}),
          },
        });
      }
    }
  }
}

describe("scenarios through the admin shell", () => {
  it("creates the win-back from its default, previews today's entrants, saves the holdout through the save bar and starts it", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: "/scenarios" }));
    const app = page.frameLocator("#app-frame");
    const saveBar = page.getByRole("region", { name: "Unsaved changes" });
    await app.getByText("No scenario yet. Start from a default below.").waitFor({ timeout: 30_000 });
    await app.getByText("Day 0 · Product → Day 7 · Offer (15% off, own code, 14 days) → Day 30 · Product").waitFor();
    await app.getByRole("button", { name: "Create: Win back dormant customers" }).click();

    await app.getByLabel("Holdout (%)").waitFor({ timeout: 30_000 });
    const stored = await prisma.scenario.findFirstOrThrow({ where: { shop } });
    scenarioId = stored.id;
    expect(stored.status).toBe("draft");
    expect(JSON.parse(stored.definition).entry).toEqual({ kind: "segment-transition", to: "dormant" });
    // Both entered this morning; their day-7 step is due next Thursday 09:00, inside the week.
    await app.getByText("2 customers would enter today").waitFor();
    await app.getByText("2 steps would be due in the next 7 days, about 0 of them to the holdout (not sent)").waitFor();
    expect(await app.getByLabel("Holdout (%)").inputValue()).toBe("10");

    // A step on the same day as the one before is refused on its field.
    await app.getByLabel("Day after entry").nth(1).fill("0");
    await saveBar.getByRole("button", { name: "Save" }).click();
    await app.getByText("Each step must come on a later day than the one before.").waitFor();
    await saveBar.getByRole("button", { name: "Discard" }).click();
    await saveBar.waitFor({ state: "hidden" });
    expect(await app.getByLabel("Day after entry").nth(1).inputValue()).toBe("7");

    await app.getByLabel("Holdout (%)").fill("20");
    await app.getByLabel("Percent off (%)").fill("20");
    await saveBar.getByRole("button", { name: "Save" }).click();
    await app.getByText("Scenario saved.").waitFor({ timeout: 15_000 });
    await saveBar.waitFor({ state: "hidden" });
    const saved = JSON.parse((await prisma.scenario.findUniqueOrThrow({ where: { id: scenarioId } })).definition);
    expect(saved.holdoutShare).toBe(0.2);
    expect(saved.steps[1].offer).toEqual({ kind: "unique-code", value: { type: "percentage", percent: 20 }, expiryDays: 14 });

    await app.getByRole("button", { name: "Start" }).click();
    await app.getByText("Scenario started. Customers who enter from now on receive its steps.").waitFor({ timeout: 15_000 });
    expect((await prisma.scenario.findUniqueOrThrow({ where: { id: scenarioId } })).status).toBe("active");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("scenario-editor-en.png"), fullPage: true });
    await page.close();
  }, 120_000);

  it("shows the results against the holdout with intervals, and how many more entrants are needed", async () => {
    await seedOutcomes(scenarioId);
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: `/scenarios/${scenarioId}/results` }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Results: Win back dormant customers" }).waitFor({ timeout: 30_000 });
    const groups = app.getByRole("table").first().getByRole("row");
    expect(await groups.nth(1).locator("th, td").allTextContents()).toEqual(["Received it", "30", "9", "30%", "¥1,500", "¥6,750"]);
    expect(await groups.nth(2).locator("th, td").allTextContents()).toEqual(["Holdout", "10", "1", "10%", "¥500", "¥0"]);
    const uplift = app.getByRole("table").nth(1).getByRole("row");
    expect(await uplift.nth(1).locator("th, td").first().textContent()).toBe("Conversion");
    expect(await uplift.nth(1).locator("td").first().textContent()).toBe("+20.0 pt");
    expect(await uplift.nth(3).locator("th, td").allTextContents()).toEqual(
      expect.arrayContaining(["Incremental revenue after discounts", "+¥30,000"]),
    );
    // The pooled rate 10/40 is the baseline until the holdout has 5 conversions; a 20 % relative lift is +5.0 pt.
    const needed = assessSufficiency({ treated: { n: 30, conversions: 9 }, holdout: { n: 10, conversions: 1 } }, 0.2);
    expect(needed.enough).toBe(false);
    await app
      .getByText(
        `Not enough data yet — about ${needed.moreEntrantsNeeded.toLocaleString("en-US")} more entrants needed (to detect a +5.0 pt lift in conversion with 80 % power).`,
      )
      .waitFor();
    const steps = app.getByRole("table").nth(2).getByRole("row");
    expect(await steps.nth(1).locator("th, td").nth(1).textContent()).toBe("30");
    expect(await steps.nth(3).locator("th, td").last().textContent()).toBe("Not due yet");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("scenario-results-en.png"), fullPage: true });
    await page.close();
  }, 90_000);

  it("opens the scenario a bottleneck points to, or offers to create it", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: "/scenarios" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Start from a default" }).waitFor({ timeout: 30_000 });
    // The bottleneck card's links are client-side navigations inside the app, as here.
    const follow = (to: string) =>
      appFrame(page).evaluate(
        (url) => (window as unknown as { __remixRouter: { navigate(u: string): Promise<void> } }).__remixRouter.navigate(url),
        to,
      );
    await follow("/app/scenarios?template=dormant");
    await app.getByLabel("Holdout (%)").waitFor({ timeout: 30_000 });
    expect(new URL(appFrame(page).url()).pathname).toBe(`/app/scenarios/${scenarioId}`);
    await follow("/app/scenarios?template=new");
    await app
      .getByText("The journey's bottleneck points to this scenario: create it, check the steps, then start it.")
      .waitFor({ timeout: 30_000 });
    await app.getByRole("button", { name: "Create: Thank first-time customers" }).waitFor();
    await page.close();
  }, 60_000);

  it("speaks Japanese on the list, the editor and the results", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(shop, { locale: "ja", path: "/scenarios" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("link", { name: "休眠客の呼び戻し" }).first().waitFor({ timeout: 30_000 });
    await app.getByText("実行中").first().waitFor();
    await page.screenshot({ path: artifactPath("scenarios-ja.png"), fullPage: true });
    await page.goto(shopify.emulator.adminShellUrl(shop, { locale: "ja", path: `/scenarios/${scenarioId}` }));
    await app.getByLabel("比較対照群（%）").waitFor({ timeout: 30_000 });
    await app.getByText("本日 2 人が対象になります").waitFor();
    await app.getByRole("button", { name: "一時停止" }).waitFor();
    await page.screenshot({ path: artifactPath("scenario-editor-ja.png"), fullPage: true });
    await page.goto(shopify.emulator.adminShellUrl(shop, { locale: "ja", path: `/scenarios/${scenarioId}/results` }));
    await app.getByRole("heading", { name: "結果: 休眠客の呼び戻し" }).waitFor({ timeout: 30_000 });
    await app.getByText(/^まだデータが足りません。あと約 [\d,]+ 人の対象者が必要です/).waitFor();
    await app.getByText("+20.0ポイント").first().waitFor();
    await page.screenshot({ path: artifactPath("scenario-results-ja.png"), fullPage: true });
    await page.close();
  }, 90_000);

  it("labels the results of a scenario the demo's shoppers simulated, in English and Japanese", async () => {
    const simulated = await createScenario(shop, defaultSegmentScenario("dormant"));
    await prisma.scenario.update({ where: { id: simulated.id }, data: { simulated: true, status: "active", activatedAt: daysAgo(30) } });
    await seedOutcomes(simulated.id, 9100);
    const page = await browser.newPage();
    for (const [locale, heading, label, uplift] of [
      [
        "en",
        "Results: Win back dormant customers",
        "[Simulated] These results come from the emulator's simulated shoppers, not real customers.",
        "+20.0 pt",
      ],
      [
        "ja",
        "結果: 休眠客の呼び戻し",
        "[シミュレーション] この結果はエミュレーターの模擬購入者によるもので、実際のお客さまではありません。",
        "+20.0ポイント",
      ],
    ] as const) {
      await page.goto(shopify.emulator.adminShellUrl(shop, { locale, path: `/scenarios/${simulated.id}/results` }));
      const app = page.frameLocator("#app-frame");
      await app.getByRole("heading", { name: heading }).waitFor({ timeout: 30_000 });
      await app.getByText(label).waitFor();
      await app.getByText(uplift).first().waitFor();
      await page.screenshot({ path: artifactPath(`scenario-results-simulated-${locale}.png`), fullPage: true });
    }
    // A real scenario's results carry no such label.
    await page.goto(shopify.emulator.adminShellUrl(shop, { path: `/scenarios/${scenarioId}/results` }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: "Results: Win back dormant customers" }).waitFor({ timeout: 30_000 });
    expect(await app.getByText("[Simulated]", { exact: false }).count()).toBe(0);
    await page.close();
  }, 90_000);
});
