// Read as a merchant: is the predicted value of the demo store's dormant customers believable? The demo
// store is Online Retail (read by the CLI's reader, as the demo seeds it), predicted at its last day
// with the default lifecycle rules (dormant: last order 121–365 days ago). The number is judged against
// what the shop's own dormant customers did on the holdout (docs/decisions/035).
import { beforeAll, describe, expect, it } from "vitest";
import { readHistories } from "../../app/cli/read-histories";
import { endOfLocalDay, localDay } from "../../app/domain/calendar";
import { checkShop, predictShop, qualifyingTransactions, type ShopPredictions } from "../../app/domain/clv/predict-shop";
import { purchaseDays, type PurchaseDays } from "../../app/domain/clv/summarize-for-clv";
import { LIFECYCLE_RULES } from "../../app/domain/lifecycle-rules";
import { datasetPath } from "../helpers/datasets";

const asOf = endOfLocalDay("2011-12-09", "UTC");
const asOfDay = localDay(asOf, "UTC");
const isDormant = (daysSinceLast: number) =>
  daysSinceLast > LIFECYCLE_RULES.dormantAfterDays && daysSinceLast <= LIFECYCLE_RULES.churnedAfterDays;

let days: PurchaseDays;
let predictions: ShopPredictions;
beforeAll(async () => {
  const { histories } = await readHistories("online-retail", datasetPath("online-retail", "online_retail.csv.gz"), { timeZone: "UTC" });
  predictions = predictShop(histories, { asOf, timeZone: "UTC" });
  days = purchaseDays(qualifyingTransactions(histories, asOf), "UTC");
}, 60_000);

describe("dormant customers' predicted value on the demo store", () => {
  it("predicts £618,071 for the next 12 months from 1,148 dormant customers who spent £632,428 so far, net of refunds (98 %)", () => {
    let customers = 0;
    let spent = 0;
    let predicted = 0;
    for (let c = 0; c < days.customerIds.length; c++) {
      if (!isDormant(asOfDay - days.day[days.start[c + 1] - 1])) continue;
      customers++;
      for (let e = days.start[c]; e < days.start[c + 1]; e++) spent += days.amount[e];
      predicted += predictions.perCustomer.get(days.customerIds[c])?.predictedClv12m ?? 0;
    }
    expect(predictions.fit.ok && predictions.fit.purchaseModel.model).toBe("nbd");
    expect(customers).toBe(1148);
    expect(spent).toBeCloseTo(632_428.14, 1);
    expect(predicted).toBeCloseTo(618_071.0, 0);
  });

  it("is borne out by the holdout: the 496 customers dormant at the calibration end made 569 purchase days in it (264 of them bought) and spent £229,836 in it; the NBD expected 383.5 purchases, £120,164 at their own average order", () => {
    const check = checkShop(days, { asOf, timeZone: "UTC" });
    expect(check.chosen).toBe("nbd");
    const dormant = check.dormant!;
    expect([dormant.customers, dormant.buyers, dormant.actualPurchases]).toEqual([496, 264, 569]);
    expect(dormant.predictedPurchases).toBeCloseTo(383.5, 1);
    expect(dormant.actualSpend).toBeCloseTo(229_835.93, 1);
    expect(dormant.predictedSpend).toBeCloseTo(120_164.5, 0);
    // The model errs low for them, not high: what it predicts for dormant customers is conservative.
    expect(dormant.overPredicted).toBe(false);
  });
});
