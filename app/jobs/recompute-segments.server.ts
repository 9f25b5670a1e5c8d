// Classify every customer of a shop with the shop's rules, as of a given instant, and store what
// changed (stage changes become transitions).
import { classifyShop } from "../domain/lifecycle";
import { loadCustomerHistories, saveSegments } from "../models/customer.server";
import { getShopSettings } from "../models/shop.server";

export async function recomputeSegments({ shop, asOf }: { shop: string; asOf: Date }) {
  const settings = await getShopSettings(shop);
  const histories = await loadCustomerHistories(shop);
  const { segmentations } = classifyShop(histories, settings.rules, { asOf, timeZone: settings.ianaTimezone });
  return saveSegments(
    shop,
    [...segmentations.values()].map((s) => ({
      customerId: s.customerId,
      stage: s.stage,
      reason: s.reason,
      ordersCount: s.orders,
      netSpent: s.netSpent,
      firstOrderAt: s.firstOrderAt,
      lastOrderAt: s.lastOrderAt,
    })),
    asOf,
  );
}
