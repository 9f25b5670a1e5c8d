// Subscriptions (定期購入) of a shop, read from orders and customers (docs/decisions/032):
// readSubscriptionOrders runs one bulk query for every order's selling plans, source name and
// customer status and stores the subscription orders; detectShopSubscriptions runs the detection rules
// (app/domain/subscriptions/detect-subscriptions.ts) over what is stored, as of a given instant, so the
// daily refresh ends overdue subscriptions without reading Shopify again.
import { detectSubscriptions } from "../domain/subscriptions/detect-subscriptions";
import {
  loadSubscriberStatuses,
  loadSubscriptionOrders,
  replaceSubscriptionOrders,
  saveSubscriptions,
} from "../models/subscription.server";
import type { AdminClient } from "../shopify/admin-client.server";
import {
  BulkOperationError,
  bulkFileLines,
  runBulkQuery,
  waitForBulkOperation,
  type BulkWaitOptions,
} from "../shopify/bulk-operation.server";
import { BulkSubscriptionOrders } from "../shopify/graphql/bulk-subscription-orders.query";
import { parseJsonlLine } from "../shopify/jsonl";
import { SubscriptionOrdersReader } from "../shopify/subscription-records";

export interface ReadSubscriptionOrdersInput {
  shop: string;
  admin: AdminClient;
  now: () => Date;
  bulk?: BulkWaitOptions;
}

/** Reads every order's subscription facts and replaces the stored ones. Returns the plans' names. */
export async function readSubscriptionOrders({ shop, admin, now, bulk }: ReadSubscriptionOrdersInput) {
  const operationId = await runBulkQuery(admin, BulkSubscriptionOrders, bulk, { groupObjects: true });
  const operation = await waitForBulkOperation(admin, operationId, bulk);
  if (operation.status !== "COMPLETED") {
    throw new BulkOperationError(
      `Bulk subscription orders read for ${shop} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`,
      operation.errorCode,
    );
  }
  const reader = new SubscriptionOrdersReader();
  if (operation.url) {
    for await (const lines of bulkFileLines(operation.url)) for (const line of lines) reader.add(parseJsonlLine(line));
  }
  reader.finish();
  await replaceSubscriptionOrders(shop, reader.orders, reader.statuses, now());
  return { ordersRead: reader.read, subscriptionOrders: reader.orders.length, planNames: reader.planNames };
}

/** Detects the shop's subscriptions from the stored orders and statuses, as of `asOf`, and stores them. */
export async function detectShopSubscriptions({ shop, asOf }: { shop: string; asOf: Date }) {
  const [orders, statusByCustomer] = await Promise.all([loadSubscriptionOrders(shop), loadSubscriberStatuses(shop)]);
  const subscriptions = detectSubscriptions({ orders, statusByCustomer, asOf });
  await saveSubscriptions(shop, subscriptions, asOf);
  return subscriptions;
}
