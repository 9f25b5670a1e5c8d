// Subscriptions (定期購入) of a shop, read from orders and customers (docs/decisions/032):
// readSubscriptionOrders runs one bulk query for every order's selling plans, source name and
// customer status and stores the subscription orders, one row per customer (docs/decisions/050); a sync
// runs that read beside the backfill's reads (startSubscriptionOrdersRead, docs/decisions/054).
// Detection (app/domain/subscriptions/detect-subscriptions.ts) is two parts: the read reduces its
// orders to each subscription's history as soon as it has stored them, and keeps only those
// (docs/decisions/056); detectShopSubscriptions gives them their states as of a given instant —
// reading half a million stored rows back would cost more than the detection itself.
import {
  detectSubscriptions,
  RENEWAL_SOURCE_NAME,
  SUBSCRIPTION_RULES,
  subscriptionHistories,
  subscriptionsAsOf,
  subscriptionTransitions,
  type ProductSubscriberStatus,
  type SubscriptionHistory,
} from "../domain/subscriptions/detect-subscriptions";
import {
  applySubscriptionOrders,
  loadSettledIntervals,
  loadSubscriberStatuses,
  loadSubscriptionOrders,
  loadSubscriptions,
  replaceSubscriptionOrders,
  saveSubscriptions,
  saveSubscriptionTransitions,
  SubscriberOrderRows,
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
import type { OrderFacts } from "../domain/records";
import { SubscriptionOrdersReader } from "../shopify/subscription-records";
import { startReadBeside, type ReadUnderWay } from "./read-beside.server";

export interface ReadSubscriptionOrdersInput {
  shop: string;
  admin: AdminClient;
  now: () => Date;
  bulk?: BulkWaitOptions;
  /**
   * The instant the subscriptions will be detected as of, when known before the read: its histories
   * count no order processed after it. Otherwise they count every order read (through its now()).
   */
  asOf?: Date;
}

export interface SubscriptionOrdersRead {
  ordersRead: number;
  /** How many of them are subscription orders (stored; the histories are made of them). */
  subscriptionOrders: number;
  /** Each subscription's history, made of the stored orders: the orders themselves are not kept. */
  histories: readonly SubscriptionHistory[];
  statuses: ReadonlyMap<string, ProductSubscriberStatus>;
  planNames: ReadonlyMap<string, string>;
}

/** Reads every order's subscription facts and replaces the stored ones; returns what it read. */
export async function readSubscriptionOrders(input: ReadSubscriptionOrdersInput): Promise<SubscriptionOrdersRead> {
  return readSubscriptionOrdersFile({ ...input, url: await runSubscriptionOrdersQuery(input) });
}

/** A read under way (startSubscriptionOrdersRead), taken with the instant its histories run through. */
export type SubscriptionOrdersReadUnderWay = ReadUnderWay<SubscriptionOrdersRead, Date>;

/**
 * The read started now and taken later: a sync starts it beside the backfill's reads, so that Shopify
 * writes the file and the app reads and stores it while the records are applied (docs/decisions/054).
 * A read that fails there (the query could not start or did not complete, a bad line) fails nothing
 * beside it: it is done again, from a new query, when taken (startReadBeside).
 */
export function startSubscriptionOrdersRead(input: ReadSubscriptionOrdersInput): SubscriptionOrdersReadUnderWay {
  return startReadBeside(`subscription orders read for ${input.shop} beside the backfill`, (asOf?: Date) =>
    readSubscriptionOrders({ ...input, asOf: asOf ?? input.asOf }),
  );
}

/**
 * The bulk query's run until its file is written (Shopify's work: the emulator's in tests and
 * benches); the file's URL, null when the shop has no orders.
 */
export async function runSubscriptionOrdersQuery({ shop, admin, bulk }: Omit<ReadSubscriptionOrdersInput, "now">): Promise<string | null> {
  const operationId = await runBulkQuery(admin, BulkSubscriptionOrders, bulk, { groupObjects: true });
  const operation = await waitForBulkOperation(admin, operationId, bulk);
  if (operation.status !== "COMPLETED") {
    throw new BulkOperationError(
      `Bulk subscription orders read for ${shop} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`,
      operation.errorCode,
    );
  }
  return operation.url ?? null;
}

/**
 * The app's part of the read: the file downloaded and parsed, its subscription orders stored, then
 * reduced to their histories. The orders are held as their rows' text until then, and nothing of them
 * outlives this call: half a million of them as objects, held until the sync's segments phase, made
 * every collection of the records' batches dearer and doubled the sync's peak memory (decision 056).
 */
export async function readSubscriptionOrdersFile({
  shop,
  url,
  now,
  asOf,
}: Pick<ReadSubscriptionOrdersInput, "shop" | "now" | "asOf"> & { url: string | null }): Promise<SubscriptionOrdersRead> {
  // Each order kept as its row's text as soon as it is read (SubscriberOrderRows): no order object outlives its line.
  const rows = new SubscriberOrderRows();
  const reader = new SubscriptionOrdersReader((order) => rows.add(order));
  if (url) {
    for await (const lines of bulkFileLines(url)) for (const line of lines) reader.addLine(line);
  }
  reader.finish();
  const readAt = now();
  await replaceSubscriptionOrders(shop, rows, reader.statuses, readAt);
  return {
    ordersRead: reader.read,
    subscriptionOrders: rows.orders,
    histories: subscriptionHistories({ ordersByCustomer: rows.ordersByCustomer(), through: asOf ?? readAt }),
    statuses: reader.statuses,
    planNames: reader.planNames,
  };
}

/**
 * Detects the shop's subscriptions from a full read's histories and statuses, as of `asOf` (no earlier
 * than the read), stores them and records what changed since the last detection (a status read as
 * cancelled, paused or failed, with that reason; an overdue delivery).
 */
export async function detectShopSubscriptions({ shop, asOf, read }: { shop: string; asOf: Date; read: SubscriptionOrdersRead }) {
  const previous = await loadSubscriptions(shop);
  const subscriptions = subscriptionsAsOf({ histories: read.histories, statusByCustomer: read.statuses, asOf });
  await saveSubscriptions(shop, subscriptions, asOf);
  await saveSubscriptionTransitions(shop, subscriptionTransitions(previous, subscriptions), asOf);
  return subscriptions;
}

/**
 * Order webhooks change subscriptions (docs/domain.md §8): `orders` are the newest payloads of their
 * orders, as applied to the order rows (process-webhooks.server.ts). Their subscription facts replace the
 * stored ones, and their customers are detected again as of `asOf` with the plans' settled intervals and
 * the statuses last read: a renewal counts its delivery (and makes an overdue subscription active
 * again), a cancelled delivery no longer counts. Changes are recorded as transitions. Orders re-read
 * through GraphQL carry no subscription facts and change nothing here; the next full read settles them.
 * Because only the newest payload of each order is ever stored, and the detection is a function of the
 * stored rows, webhooks in any order end in the same subscriptions.
 */
export async function applySubscriptionOrderFacts({ shop, orders, asOf }: { shop: string; orders: readonly OrderFacts[]; asOf: Date }) {
  const facts = orders.filter((o): o is OrderFacts & { customerId: string; subscription: NonNullable<OrderFacts["subscription"]> } =>
    Boolean(o.customerId && o.subscription),
  );
  if (facts.length === 0) return [];
  await applySubscriptionOrders(
    shop,
    facts.map((o) => ({
      orderId: o.id,
      customerId: o.customerId,
      processedAt: o.processedAt,
      sellingPlanIds: o.subscription.sellingPlanIds,
      sourceName: o.subscription.renewal ? RENEWAL_SOURCE_NAME : null,
      renewal: o.subscription.renewal,
      cancelled: o.cancelled,
    })),
    asOf,
  );
  return detectCustomersAgain({ shop, customerIds: [...new Set(facts.map((o) => o.customerId))], asOf });
}

async function detectCustomersAgain({ shop, customerIds, asOf }: { shop: string; customerIds: string[]; asOf: Date }) {
  const [orders, statusByCustomer, settledIntervals, previous] = await Promise.all([
    loadSubscriptionOrders(shop, customerIds),
    loadSubscriberStatuses(shop, customerIds),
    loadSettledIntervals(shop),
    loadSubscriptions(shop, customerIds),
  ]);
  // A plan no full detection has seen yet gets the default interval until one does: an interval
  // observed from whichever customers' webhooks came first would depend on their order.
  for (const order of orders) {
    for (const plan of order.sellingPlanIds) {
      if (!settledIntervals.has(plan))
        settledIntervals.set(plan, { intervalDays: SUBSCRIPTION_RULES.defaultIntervalDays, intervalSource: "default" });
    }
  }
  const subscriptions = detectSubscriptions({ orders, statusByCustomer, settledIntervals, asOf });
  const transitions = subscriptionTransitions(previous, subscriptions);
  await saveSubscriptions(shop, subscriptions, asOf, customerIds);
  await saveSubscriptionTransitions(shop, transitions, asOf);
  return transitions;
}
