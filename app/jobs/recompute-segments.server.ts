// Classify every customer of a shop with the shop's rules, as of a given instant, store what changed
// (stage changes become transitions) and the day's segment sizes (SegmentSnapshot, shop-local day).
import { localDateString } from "../domain/calendar";
import { classifyShop } from "../domain/lifecycle";
import { countCustomersByStage, loadCustomerHistories, saveSegments } from "../models/customer.server";
import { getShopSettings } from "../models/shop.server";
import { saveSegmentSnapshot } from "../models/snapshot.server";

export interface RecomputeOptions {
  shop: string;
  asOf: Date;
  /** Recorded on every transition instead of the rule's reason, e.g. "settings-changed". */
  transitionReason?: string;
}

export async function recomputeSegments({ shop, asOf, transitionReason }: RecomputeOptions) {
  const settings = await getShopSettings(shop);
  const histories = await loadCustomerHistories(shop);
  const { segmentations } = classifyShop(histories, settings.rules, { asOf, timeZone: settings.ianaTimezone });
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
    })),
    asOf,
  );
  await saveSegmentSnapshot(shop, localDateString(asOf, settings.ianaTimezone), await countCustomersByStage(shop));
  return saved;
}
