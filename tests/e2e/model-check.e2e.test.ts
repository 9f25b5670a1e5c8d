// The Model check page (app/routes/app.predictions.tsx) in headless Chromium through the admin shell, in
// English and Japanese: a small store whose check cannot fit any model says so and shows no numbers; the
// demo store's own check (all 4,325 Online Retail buyers, computed by predictShop from the file the demo
// serves — syncing all of them through the emulator would take minutes) names the chosen model, the
// candidates' holdout errors and why the others could not be fitted, the baselines, the customers
// dormant at the calibration end (predicted vs actual) and predicted vs actual purchases by frequency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { readHistories } from "../../app/cli/read-histories";
import { endOfLocalDay } from "../../app/domain/calendar";
import { predictShop, type ShopFitSummary } from "../../app/domain/clv/predict-shop";
import { saveShopPredictions } from "../../app/models/prediction.server";
import { STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { appFrame, artifactPath, launchBrowser, seriousAxeViolations } from "../helpers/browser";
import { datasetPath } from "../helpers/datasets";
import type { LocalShopify } from "../helpers/local-shopify";
import { startSyncedOnlineRetail } from "../helpers/synced-store";

const NOW = STORES["online-retail"].now;

let shopify: LocalShopify;
let store: EmulatedShop;
let browser: BrowserContext;
let demoFit: ShopFitSummary;

beforeAll(async () => {
  // The first sync fits the predictions before it completes.
  ({ store, shopify } = await startSyncedOnlineRetail());
  const retail = await readHistories("online-retail", datasetPath("online-retail", "online_retail.csv.gz"), { timeZone: "UTC" });
  demoFit = predictShop(retail.histories, { asOf: endOfLocalDay("2011-12-09", "UTC"), timeZone: "UTC" }).fit;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await shopify?.stop();
});

describe("the Model check page", () => {
  it("says why predictions are withheld when 80 customers are too few to fit any model, every candidate 'not fitted'", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/predictions" }));
    const app = page.frameLocator("#app-frame");
    await app.getByText("Predictions are withheld:").waitFor({ timeout: 30_000 });
    await app.getByRole("listitem").getByText("No model could be fitted on the calibration window (too few repeat buyers).").waitFor();
    expect(await appFrame(page).title()).toBe("Model check · Tsunagu");
    const rows = await app.getByRole("table").first().getByRole("row").allInnerTexts();
    expect(rows.slice(1).map((r) => r.replace(/\s+/g, " ").trim())).toEqual([
      "BG/NBD not fitted — — —",
      "MBG/NBD not fitted — — —",
      "Pareto/NBD not fitted — — —",
      "NBD (no drop-out) not fitted — — —",
    ]);
    expect(await app.getByText("chosen").count()).toBe(0);
    for (const model of ["BG/NBD", "MBG/NBD", "Pareto/NBD", "NBD (no drop-out)"]) {
      await app
        .getByRole("listitem")
        .getByText(`${model}: not fitted — too few customers bought again in the calibration window to estimate this model.`, {
          exact: true,
        })
        .waitFor();
    }
    // no chosen model, so no dormant row
    expect(await app.getByText("Customers dormant at the end of calibration").count()).toBe(0);
    await page.screenshot({ path: artifactPath("model-check-withheld-en.png"), fullPage: true });
    await page.close();
  }, 60_000);

  it("shows the demo store's check: NBD chosen over three models that ran off to no drop-out, its errors and the frequency table (en)", async () => {
    expect(demoFit.ok && demoFit.purchaseModel.model).toBe("nbd");
    await saveShopPredictions(store.domain, demoFit, new Date(NOW), []);
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/predictions" }));
    const app = page.frameLocator("#app-frame");
    await app
      .getByText("Predictions are shown: NBD (no drop-out) predicted the holdout best and beat the simple baselines.")
      .waitFor({ timeout: 30_000 });
    await app.getByText("The probability that a customer is still active is not shown, so nobody is marked at risk:").waitFor();
    expect(await app.getByRole("listitem").allInnerTexts()).toEqual([
      "The probability ranked who bought again in the holdout worse than recency alone.",
      "Your history shows no measurable drop-out (the model would call nearly everyone active), which is not a probability worth reading.",
      "BG/NBD: not fitted — your history shows no measurable drop-out, so this model's drop-out parameters cannot be estimated.",
      "MBG/NBD: not fitted — your history shows no measurable drop-out, so this model's drop-out parameters cannot be estimated.",
      "Pareto/NBD: not fitted — your history shows no measurable drop-out, so this model's drop-out parameters cannot be estimated.",
    ]);
    await app.getByText("Calibration 2010-12-01 – 2011-06-03; holdout 2011-06-03 – 2011-12-09").waitFor();
    const candidates = app.getByRole("table").first();
    const rows = await candidates.getByRole("row").allInnerTexts();
    // "Success" is the badge's tone, read out to screen readers only.
    expect(rows.slice(1).map((r) => r.replace(/\s+/g, " ").replace("Success ", "").trim())).toEqual([
      "BG/NBD not fitted — — —",
      "MBG/NBD not fitted — — —",
      "Pareto/NBD not fitted — — —",
      "NBD (no drop-out) chosen 2.619 -12.0 % 0.715 —",
    ]);
    await app
      .getByText(
        "Baselines: recency ranks buyers with AUC 0.660; predicting zero errs by 4.939, each customer's past rate by 2.763 per customer.",
      )
      .waitFor();
    await app.getByRole("heading", { name: "Customers dormant at the end of calibration" }).waitFor();
    const dormant = await app.getByRole("table").nth(1).getByRole("row").allInnerTexts();
    // the 496 customers whose last order was 121–365 days before 2011-06-03 bought more than the NBD expected
    expect(dormant[1].replace(/\s+/g, " ").trim()).toBe("Dormant at the end of calibration 496 264 383.5 569 £120,164.50 £229,835.93");
    await app.getByText("The model errs low for these customers: they bought more than it predicted").waitFor();
    const byFrequency = await app.getByRole("table").nth(2).getByRole("row").allInnerTexts();
    expect(byFrequency).toHaveLength(9);
    expect(byFrequency[1].replace(/\s+/g, " ").trim()).toMatch(/^0 \d+ \d+\.\d\d \d+\.\d\d$/);
    await app.getByRole("img", { name: /Actual \(bars\) and predicted \(line\)/ }).waitFor();
    await page.screenshot({ path: artifactPath("model-check-en.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows the same check in Japanese", async () => {
    const page = await browser.newPage();
    await page.goto(shopify.emulator.adminShellUrl(store.domain, { path: "/predictions", locale: "ja" }));
    const app = page.frameLocator("#app-frame");
    await app
      .getByText("予測を表示しています。NBD（離脱なし）が検証期間を最もよく予測し、単純な基準を上回りました。")
      .waitFor({ timeout: 30_000 });
    expect(await appFrame(page).title()).toBe("予測モデルの検証 · Tsunagu");
    await app.getByRole("heading", { name: "検証期間での候補モデル" }).waitFor();
    expect(await app.getByText("推定できず", { exact: true }).count()).toBe(3);
    await app
      .getByText("BG/NBD：推定できず（履歴から離脱を測れないため、このモデルの離脱のパラメーターを推定できません）。", { exact: true })
      .waitFor();
    await app.getByRole("heading", { name: "学習期間の終わりに休眠していた顧客" }).waitFor();
    await app.getByText("このモデルはこれらの顧客を少なめに予測しています。").waitFor();
    await app.getByText("採用").waitFor();
    await app.getByRole("heading", { name: "学習期間の購入回数別、検証期間の顧客あたり購入回数（NBD（離脱なし））" }).waitFor();
    // Each reason is an item of its own: no stray space after 。 between sentences.
    expect(await app.getByRole("listitem").count()).toBe(5);
    expect(await app.locator("main, body").first().innerText()).not.toMatch(/。 /);
    await page.screenshot({ path: artifactPath("model-check-ja.png"), fullPage: true });
    await page.close();
  }, 60_000);
});
