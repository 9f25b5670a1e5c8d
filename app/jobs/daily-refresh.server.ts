// The daily refresh of one shop: customers cross the dormant and churned thresholds overnight
// without any webhook, so classify again as of now (which also writes the day's segment sizes),
// refit the predictions, write changed tags and tell Flow about the changes.
import type { AdminClient } from "../shopify/admin-client.server";
import { markDailyRefresh } from "../models/shop.server";
import { detectShopSubscriptions, readSubscriptionOrders } from "./detect-subscriptions.server";
import { fitPredictions } from "./fit-predictions.server";
import { refreshSubscriptionReport } from "./subscription-report.server";
import { refreshAcquisitionReport } from "./acquisition-report.server";
import { sendPendingFlowTriggers } from "./flow-triggers.server";
import { pushCustomerTags } from "./push-customer-tags.server";
import { recomputeSegments } from "./recompute-segments.server";

export async function refreshShop({ shop, admin, asOf }: { shop: string; admin: AdminClient; asOf: Date }) {
  // Subscribers' statuses change without a webhook we can read (docs/decisions/032): read them again,
  // and end the subscriptions that ended or are overdue before the segments are classified.
  const read = await readSubscriptionOrders({ shop, admin, now: () => asOf });
  await detectShopSubscriptions({ shop, asOf, read });
  const segments = await recomputeSegments({ shop, asOf });
  await fitPredictions({ shop, asOf });
  await refreshSubscriptionReport({ shop, asOf, planNames: read.planNames });
  await refreshAcquisitionReport({ shop, asOf, admin });
  const tags = await pushCustomerTags({ shop, admin });
  const flowTriggers = await sendPendingFlowTriggers(shop, admin);
  await markDailyRefresh(shop, asOf);
  return { transitions: segments.transitions, tagsWritten: tags.written, flowTriggers };
}
