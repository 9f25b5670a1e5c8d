// Fit the shop's predictions (the holdout check of the candidate purchase models, the chosen one refitted
// with Gamma-Gamma; app/domain/clv/predict-shop.ts) on its own qualifying orders and store every customer's
// P(alive) (when the check trusts it), expected purchases and 12-month CLV, with the at-risk flag computed
// from the stage stored by the last segment recompute. Runs after recomputeSegments in a sync.
import { isAtRisk, predictShop, type ShopFitSummary } from "../domain/clv/predict-shop";
import { loadCustomerHistories, loadStoredSegments } from "../models/customer.server";
import { saveShopPredictions, type StoredCustomerPrediction } from "../models/prediction.server";
import { getShopSettings } from "../models/shop.server";

export interface FitPredictionsResult {
  fit: ShopFitSummary;
  /** customers with a prediction */
  predicted: number;
  atRisk: number;
}

export async function fitPredictions({ shop, asOf }: { shop: string; asOf: Date }): Promise<FitPredictionsResult> {
  const settings = await getShopSettings(shop);
  const histories = await loadCustomerHistories(shop);
  const { fit, perCustomer } = predictShop(histories, { asOf, timeZone: settings.ianaTimezone });
  const rows: StoredCustomerPrediction[] = [];
  let atRisk = 0;
  if (fit.ok) {
    for (const segment of (await loadStoredSegments(shop)).values()) {
      const prediction = perCustomer.get(segment.customerId);
      const flagged = isAtRisk(segment.stage, prediction?.pAlive);
      if (flagged) atRisk += 1;
      rows.push({
        customerId: segment.customerId,
        pAlive: prediction?.pAlive ?? null,
        expectedPurchases365: prediction?.expectedPurchases365 ?? null,
        predictedClv12m: prediction?.predictedClv12m ?? null,
        atRisk: flagged,
      });
    }
  }
  await saveShopPredictions(shop, fit, asOf, rows);
  return { fit, predicted: perCustomer.size, atRisk };
}
