// The journey re-read (docs/touchpoints.md §4): Shopify often has not attributed an order's sessions when
// orders/create fires (customerJourneySummary.ready false, momentsCount null), and an order webhook only
// carries landing_site/referring_site. Every few minutes, each shop's orders whose stored journey is not a
// ready summary are read again by id, a page at a time through the paced Admin client, and merged
// (saveOrderJourneys: a ready summary is kept for good, the same read twice changes nothing). Only orders
// of the last JOURNEY_REREAD_DAYS (Shopify's attribution window) are read again; an order's read waits
// REREAD_AFTER_MS after the order and between reads.
import { saveOrderJourneys, ordersAwaitingJourney, type JourneyRead } from "../models/touchpoints.server";
import type { AdminClient } from "../shopify/admin-client.server";
import type { OrderJourneysQuery } from "../shopify/graphql/generated/admin.generated";
import { OrderJourneys } from "../shopify/graphql/order-journeys.query";
import { journeyFromSummary } from "../shopify/map-journey";
import { chunks } from "../domain/chunks";

export const JOURNEY_REREAD_DAYS = 30;
/** After the order, and between two reads of one order. */
export const REREAD_AFTER_MS = 5 * 60 * 1000;
// 50 orders a request: Shopify's nodes(ids:) takes up to 250; a smaller page keeps a slow answer short.
const ORDERS_PER_REQUEST = 50;
/** Orders read per run at most: the shop's other jobs wait behind this one. */
const ORDERS_PER_RUN = 1_000;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RereadResult {
  read: number;
  /** summaries now ready */
  ready: number;
}

/**
 * `asOf`: the app's clock (which orders are recent); `now`: the wall clock of the stored reads
 * (OrderJourney.updatedAt), for the wait between reads.
 */
export async function rereadJourneys({
  shop,
  admin,
  asOf,
  now = new Date(),
}: {
  shop: string;
  admin: AdminClient;
  asOf: Date;
  now?: Date;
}): Promise<RereadResult> {
  const result: RereadResult = { read: 0, ready: 0 };
  const orderIds = await ordersAwaitingJourney(shop, {
    processedFrom: new Date(asOf.getTime() - JOURNEY_REREAD_DAYS * DAY_MS),
    processedTo: new Date(asOf.getTime() - REREAD_AFTER_MS),
    readBefore: new Date(now.getTime() - REREAD_AFTER_MS),
    limit: ORDERS_PER_RUN,
  });
  for (const chunk of chunks(orderIds, ORDERS_PER_REQUEST)) {
    const { nodes } = await admin.request<OrderJourneysQuery>(OrderJourneys, { ids: chunk });
    const reads: JourneyRead[] = [];
    for (const node of nodes) {
      // null: the order is gone (deleted); its row goes with the order's data.
      if (node && "customerJourneySummary" in node)
        reads.push({ orderId: node.id, journey: journeyFromSummary(node.customerJourneySummary) });
    }
    await saveOrderJourneys(shop, reads);
    result.read += reads.length;
    result.ready += reads.filter((r) => r.journey.ready).length;
  }
  return result;
}
