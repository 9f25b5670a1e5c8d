// The daily refresh of one shop: customers cross the dormant and churned thresholds overnight
// without any webhook, so classify again as of now, refit the predictions and write changed tags.
import type { AdminClient } from "../shopify/admin-client.server";
import { markDailyRefresh } from "../models/shop.server";
import { fitPredictions } from "./fit-predictions.server";
import { pushCustomerTags } from "./push-customer-tags.server";
import { recomputeSegments } from "./recompute-segments.server";

export async function refreshShop({ shop, admin, asOf }: { shop: string; admin: AdminClient; asOf: Date }) {
  const segments = await recomputeSegments({ shop, asOf });
  await fitPredictions({ shop, asOf });
  const tags = await pushCustomerTags({ shop, admin });
  await markDailyRefresh(shop, asOf);
  return { transitions: segments.transitions, tagsWritten: tags.written };
}
