// Classify every customer of a shop with the shop's rules, as of a given instant, store what changed
// (stage changes become transitions), the day's segment sizes (SegmentSnapshot, shop-local day) and the
// dashboard numbers that need every customer (segments aggregate, cohorts, threshold suggestion): this
// is the run that reads the whole shop anyway (first sync, daily refresh, settings apply).
import { localDateString } from "../domain/calendar";
import { classifyShop } from "../domain/lifecycle";
import { saveCohorts } from "../models/cohorts.server";
import { countCustomersByStage, loadCustomerHistories, saveSegments } from "../models/customer.server";
import { refreshSegmentsAggregate } from "../models/segments-report.server";
import { saveThresholdSuggestion } from "../models/settings-page.server";
import { getShopSettings } from "../models/shop.server";
import { activeSubscriberIds } from "../models/subscription.server";
import { saveSegmentSnapshot } from "../models/snapshot.server";

export interface RecomputeOptions {
  shop: string;
  asOf: Date;
  /** Recorded on every transition instead of the rule's reason, e.g. "settings-changed". */
  transitionReason?: string;
}

export async function recomputeSegments({ shop, asOf, transitionReason }: RecomputeOptions) {
  const settings = await getShopSettings(shop);
  const [histories, activeSubscribers] = await Promise.all([loadCustomerHistories(shop), activeSubscriberIds(shop)]);
  const { segmentations } = classifyShop(histories, settings.rules, { asOf, timeZone: settings.ianaTimezone, activeSubscribers });
  const saved = await saveSegments(
    shop,
    [...segmentations.values()].map((s) => ({
      customerId: s.customerId,
      stage: s.stage,
      reason: transitionReason ?? s.reason,
      ordersCount: s.orders,
      netSpent: s.netSpent,
      firstOrderAt: s.firstOrderAt,
      lastOrderAt: s.lastOrderAt,
      subscriber: activeSubscribers.has(s.customerId),
    })),
    asOf,
  );
  await saveSegmentSnapshot(shop, localDateString(asOf, settings.ianaTimezone), await countCustomersByStage(shop));
  await refreshSegmentsAggregate(shop, asOf, settings.ianaTimezone);
  await saveCohorts(shop, histories, settings.ianaTimezone, asOf);
  await saveThresholdSuggestion(shop, histories, settings.ianaTimezone, asOf);
  return saved;
}
