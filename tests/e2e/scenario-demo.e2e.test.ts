// The demo's loop in headless Chromium, on the demo store (Online Retail as of 2011-12-10): the journey
// home's bottleneck (first order → second order) links to the first-time customers' scenario; the
// merchant creates it, makes the day-21 step an offer, holds out half and starts it — a few clicks —
// which is the scenario npm run demo runs over its simulated weeks (tests/demo/simulate-scenario.ts).
// In Japanese, the bottleneck then leads to the running scenario.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import prisma from "../../app/db.server";
import { seedStore, STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { demoScenarioDefinition } from "../demo/simulate-scenario";
import { appFrame, artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { installAndWaitForSync } from "../helpers/synced-store";
import { waitFor } from "../helpers/wait-for";

const NOW = STORES["online-retail"].now;

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;
let scenarioId: number;

beforeAll(async () => {
  store = await seedStore("online-retail");
  shopify = await startLocalShopify({ shops: [store], now: NOW });
  await installAndWaitForSync(shopify, store.domain, { timeoutMs: 300_000 });
  // The journey's days (what the bottleneck is computed from) follow the sync.
  await waitFor(async () => (await prisma.shop.findUnique({ where: { shop: store.domain } }))?.journeyComputedAt, {
    timeoutMs: 300_000,
    what: "the journey's days",
  });
  browser = await launchBrowser();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

describe("the demo's scenario loop through the admin shell", () => {
  it("follows the bottleneck to the first-time customers' scenario and starts it with an offer in a few clicks", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: /^Bottleneck: Purchase → Retention, £[\d,.]+ at stake$/ }).waitFor({ timeout: 60_000 });
    await app.getByRole("link", { name: "Scenario for First-time" }).click();
    await app
      .getByText("The journey's bottleneck points to this scenario: create it, check the steps, then start it.")
      .waitFor({ timeout: 30_000 });
    await app.getByRole("button", { name: "Create: Thank first-time customers" }).click();

    await app.getByLabel("Holdout (%)").waitFor({ timeout: 30_000 });
    await app.getByLabel("Content").nth(2).selectOption("offer");
    expect(await app.getByLabel("Percent off (%)").inputValue()).toBe("10");
    await app.getByLabel("Holdout (%)").fill("50");
    const saveBar = page.getByRole("region", { name: "Unsaved changes" });
    await saveBar.getByRole("button", { name: "Save" }).click();
    await app.getByText("Scenario saved.").waitFor({ timeout: 15_000 });
    await saveBar.waitFor({ state: "hidden" });
    await app.getByRole("button", { name: "Start" }).click();
    await app.getByText("Scenario started. Customers who enter from now on receive its steps.").waitFor({ timeout: 15_000 });

    const stored = await prisma.scenario.findFirstOrThrow({ where: { shop: store.domain } });
    scenarioId = stored.id;
    expect(stored.status).toBe("active");
    // What the clicks saved is the demo's scenario (npm run demo starts the same one).
    expect(JSON.parse(stored.definition)).toEqual(demoScenarioDefinition());
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifactPath("scenario-demo-started-en.png"), fullPage: true });
    await page.close();
  }, 180_000);

  it("in Japanese: the bottleneck leads to the running scenario", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { locale: "ja" }));
    const app = page.frameLocator("#app-frame");
    await app.getByRole("heading", { name: /^ボトルネック: / }).waitFor({ timeout: 60_000 });
    await app.getByRole("link", { name: "初期客向けのシナリオ" }).click();
    await app.getByLabel("比較対照群（%）").waitFor({ timeout: 30_000 });
    expect(new URL(appFrame(page).url()).pathname).toBe(`/app/scenarios/${scenarioId}`);
    expect(await app.getByLabel("比較対照群（%）").inputValue()).toBe("50");
    await app.getByRole("button", { name: "一時停止" }).waitFor();
    await page.screenshot({ path: artifactPath("scenario-demo-started-ja.png"), fullPage: true });
    await page.close();
  }, 120_000);
});
