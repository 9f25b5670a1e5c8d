// Fit the shop's predictions (the holdout check of the candidate purchase models, the chosen one refitted
// with Gamma-Gamma; app/domain/clv/predict-shop.ts) on its own qualifying orders and store every customer's
// P(alive) (when the check trusts it), expected purchases and 12-month CLV, with the at-risk flag computed
// from the stage stored by the last segment recompute. Runs after recomputeSegments in a sync.
// Active subscribers are left out of the purchase model, which assumes nobody is seen leaving, and get
// contractual predictions from their plan's sBG retention instead
// (app/domain/subscriptions/contractual-predictions.ts): expected deliveries in the next 365 days and
// their discounted value, no P(alive).
import { isAtRisk, predictShop, type ShopFitSummary } from "../domain/clv/predict-shop";
import { isQualifyingOrder, netAmount } from "../domain/lifecycle";
import { predictSubscribers } from "../domain/subscriptions/contractual-predictions";
import { SUBSCRIPTION_REPORT_RULES } from "../domain/subscriptions/report";
import { loadCustomerHistories, loadStoredSegments } from "../models/customer.server";
import { saveShopPredictions, type StoredCustomerPrediction } from "../models/prediction.server";
import { getShopSettings } from "../models/shop.server";
import { loadSubscriptionOrders, loadSubscriptions } from "../models/subscription.server";

export interface FitPredictionsResult {
  fit: ShopFitSummary;
  /** customers with a prediction */
  predicted: number;
  /** of which active subscribers, predicted by their plan's retention */
  subscribers: number;
  atRisk: number;
}

export async function fitPredictions({ shop, asOf }: { shop: string; asOf: Date }): Promise<FitPredictionsResult> {
  const settings = await getShopSettings(shop);
  const [histories, subscriptions, subscriptionOrders] = await Promise.all([
    loadCustomerHistories(shop),
    loadSubscriptions(shop),
    loadSubscriptionOrders(shop),
  ]);
  const activeSubscribers = new Set(subscriptions.filter((s) => s.state === "active").map((s) => s.customerId));
  const { fit, perCustomer } = predictShop(
    histories.filter((h) => !activeSubscribers.has(h.customerId)),
    { asOf, timeZone: settings.ianaTimezone, lifecycleRules: settings.rules },
  );
  const subscribers = predictSubscribers({
    subscriptions,
    deliveryValueByCustomer: meanDeliveryValues(histories, subscriptionOrders, activeSubscribers),
    asOf,
    annualDiscountRate: SUBSCRIPTION_REPORT_RULES.annualDiscountRate,
  });
  const rows: StoredCustomerPrediction[] = [];
  let atRisk = 0;
  if (fit.ok) {
    for (const segment of (await loadStoredSegments(shop)).values()) {
      const contractual = subscribers.get(segment.customerId);
      if (activeSubscribers.has(segment.customerId)) {
        rows.push({
          customerId: segment.customerId,
          pAlive: null,
          expectedPurchases365: contractual?.expectedDeliveries365 ?? null,
          predictedClv12m: contractual?.predictedValue12m ?? null,
          atRisk: false,
        });
        continue;
      }
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
  const subscribersStored = fit.ok ? subscribers.size : 0;
  return { fit, predicted: perCustomer.size + subscribersStored, subscribers: subscribersStored, atRisk };
}

/** Mean net value (after refunds) of the qualifying orders on a plan, per active subscriber. */
function meanDeliveryValues(
  histories: Awaited<ReturnType<typeof loadCustomerHistories>>,
  subscriptionOrders: Awaited<ReturnType<typeof loadSubscriptionOrders>>,
  customers: ReadonlySet<string>,
): Map<string, number> {
  const deliveries = new Set(subscriptionOrders.filter((o) => customers.has(o.customerId)).map((o) => o.orderId));
  const values = new Map<string, number>();
  for (const h of histories) {
    if (!customers.has(h.customerId)) continue;
    const nets = h.orders.filter((o) => deliveries.has(o.id) && isQualifyingOrder(o)).map(netAmount);
    if (nets.length > 0) values.set(h.customerId, nets.reduce((a, b) => a + b, 0) / nets.length);
  }
  return values;
}
