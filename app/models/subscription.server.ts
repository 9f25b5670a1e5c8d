// Subscriptions read from orders and customers (docs/decisions/032): the orders that make them, the
// customers' productSubscriberStatus, the detected subscriptions and the page's report.
import prisma from "../db.server";
import type { DetectedSubscription, ProductSubscriberStatus, SubscriptionOrder } from "../domain/subscriptions/detect-subscriptions";
import { upsertRows } from "./upsert-rows.server";

const ROWS_PER_WRITE = 5_000;

async function inChunks<T>(rows: readonly T[], write: (chunk: readonly T[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_WRITE) await write(rows.slice(start, start + ROWS_PER_WRITE));
}

export interface StoredSubscriptionOrder extends SubscriptionOrder {
  renewal: boolean;
}

/**
 * Everything a full read saw replaces what was stored: its rows are written with `readAt`, then the
 * shop's rows an earlier read left (orders no longer on a plan, statuses of customers gone) go.
 */
export async function replaceSubscriptionOrders(
  shop: string,
  orders: readonly SubscriptionOrder[],
  statuses: ReadonlyMap<string, ProductSubscriberStatus>,
  readAt: Date,
): Promise<void> {
  await inChunks(orders, (chunk) =>
    upsertRows(
      "SubscriptionOrder",
      ["shop", "orderId"],
      ["shop", "orderId", "customerId", "processedAt", "sellingPlanIds", "renewal", "cancelled", "readAt"],
      chunk.map((o) => [
        shop,
        o.orderId,
        o.customerId,
        o.processedAt,
        JSON.stringify(o.sellingPlanIds),
        o.sourceName === "subscription_contract",
        o.cancelled,
        readAt,
      ]),
    ),
  );
  await inChunks([...statuses], (chunk) =>
    upsertRows(
      "SubscriberStatus",
      ["shop", "customerId"],
      ["shop", "customerId", "status", "readAt"],
      chunk.map(([customerId, status]) => [shop, customerId, status, readAt]),
    ),
  );
  await prisma.subscriptionOrder.deleteMany({ where: { shop, readAt: { not: readAt } } });
  await prisma.subscriberStatus.deleteMany({ where: { shop, readAt: { not: readAt } } });
}

export async function loadSubscriptionOrders(shop: string): Promise<SubscriptionOrder[]> {
  const rows = await prisma.subscriptionOrder.findMany({ where: { shop }, orderBy: { orderId: "asc" } });
  return rows.map((r) => ({
    orderId: r.orderId,
    customerId: r.customerId,
    processedAt: r.processedAt,
    sellingPlanIds: JSON.parse(r.sellingPlanIds) as string[],
    sourceName: r.renewal ? "subscription_contract" : null,
    cancelled: r.cancelled,
  }));
}

export async function loadSubscriberStatuses(shop: string): Promise<Map<string, ProductSubscriberStatus>> {
  const rows = await prisma.subscriberStatus.findMany({ where: { shop } });
  return new Map(rows.map((r) => [r.customerId, r.status as ProductSubscriberStatus]));
}

export type StoredSubscription = DetectedSubscription;

/** The shop's subscriptions as detected at `detectedAt`; the ones no longer detected go. */
export async function saveSubscriptions(shop: string, subscriptions: readonly StoredSubscription[], detectedAt: Date): Promise<void> {
  await inChunks(subscriptions, (chunk) =>
    upsertRows(
      "Subscription",
      ["shop", "customerId", "sellingPlanId"],
      [
        "shop",
        "customerId",
        "sellingPlanId",
        "startedAt",
        "lastDeliveryAt",
        "deliveries",
        "intervalDays",
        "intervalSource",
        "state",
        "endReason",
        "nextDeliveryDeadline",
        "detectedAt",
      ],
      chunk.map((s) => [
        shop,
        s.customerId,
        s.sellingPlanId,
        s.startedAt,
        s.lastDeliveryAt,
        s.deliveries,
        s.intervalDays,
        s.intervalSource,
        s.state,
        s.endReason,
        s.nextDeliveryDeadline,
        detectedAt,
      ]),
    ),
  );
  await prisma.subscription.deleteMany({ where: { shop, detectedAt: { not: detectedAt } } });
}

export async function loadSubscriptions(shop: string): Promise<StoredSubscription[]> {
  const rows = await prisma.subscription.findMany({ where: { shop }, orderBy: [{ customerId: "asc" }, { sellingPlanId: "asc" }] });
  return rows.map((r) => ({
    customerId: r.customerId,
    sellingPlanId: r.sellingPlanId,
    startedAt: r.startedAt,
    lastDeliveryAt: r.lastDeliveryAt,
    deliveries: r.deliveries,
    intervalDays: r.intervalDays,
    intervalSource: r.intervalSource as StoredSubscription["intervalSource"],
    state: r.state as StoredSubscription["state"],
    endReason: r.endReason as StoredSubscription["endReason"],
    nextDeliveryDeadline: r.nextDeliveryDeadline,
  }));
}

/** Customers with an active subscription: the lifecycle never calls them dormant or churned. */
export async function activeSubscriberIds(shop: string, customerIds?: readonly string[]): Promise<Set<string>> {
  const rows = await prisma.subscription.findMany({
    where: { shop, state: "active", ...(customerIds ? { customerId: { in: [...customerIds] } } : {}) },
    select: { customerId: true },
  });
  return new Set(rows.map((r) => r.customerId));
}

export async function saveSubscriptionReport(shop: string, report: unknown, computedAt: Date): Promise<void> {
  const json = JSON.stringify(report);
  await prisma.subscriptionReport.upsert({
    where: { shop },
    create: { shop, computedAt, report: json },
    update: { computedAt, report: json },
  });
}

export async function loadSubscriptionReport<T>(shop: string): Promise<{ computedAt: Date; report: T } | null> {
  const row = await prisma.subscriptionReport.findUnique({ where: { shop } });
  return row ? { computedAt: row.computedAt, report: JSON.parse(row.report) as T } : null;
}
