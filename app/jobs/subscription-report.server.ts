// The subscriptions page's report (app/domain/subscriptions/report.ts), computed after the segments and
// predictions of a sync or daily refresh and stored as one row: the page's loader reads only that row.
import {
  buildSubscriptionReport,
  storedSubscriptionReport,
  type StoredSubscriptionReport,
  type SubscriptionReport,
} from "../domain/subscriptions/report";
import type { LifecycleStage } from "../domain/types";
import { countCustomersByStage, loadCustomerHistories } from "../models/customer.server";
import { loadPredictedClv12m } from "../models/prediction.server";
import { getShopSettings } from "../models/shop.server";
import { loadSubscriptionOrders, loadSubscriptionReport, loadSubscriptions, saveSubscriptionReport } from "../models/subscription.server";

export async function refreshSubscriptionReport({
  shop,
  asOf,
  planNames = new Map(),
}: {
  shop: string;
  asOf: Date;
  /** Names read with the subscription orders; names of plans not read again are kept from the last report. */
  planNames?: ReadonlyMap<string, string>;
}): Promise<SubscriptionReport> {
  const settings = await getShopSettings(shop);
  const [subscriptions, subscriptionOrders, histories, stages, predictedClv12m, previous] = await Promise.all([
    loadSubscriptions(shop),
    loadSubscriptionOrders(shop),
    loadCustomerHistories(shop),
    countCustomersByStage(shop),
    loadPredictedClv12m(shop),
    loadSubscriptionReport<StoredSubscriptionReport>(shop),
  ]);
  const report = buildSubscriptionReport({
    asOf,
    timeZone: settings.ianaTimezone,
    subscriptions,
    subscriptionOrders,
    histories,
    stages: new Map(Object.entries(stages) as [LifecycleStage, number][]),
    predictedClv12m,
    planNames: { ...previous?.report.planNames, ...Object.fromEntries(planNames) },
  });
  await saveSubscriptionReport(shop, storedSubscriptionReport(report), asOf);
  return report;
}
