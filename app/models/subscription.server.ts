// Subscriptions read from orders and customers (docs/decisions/032): the orders that make them, the
// customers' productSubscriberStatus, the detected subscriptions and the page's report.
import prisma from "../db.server";
import {
  RENEWAL_SOURCE_NAME,
  type DetectedSubscription,
  type ProductSubscriberStatus,
  type SubscriptionOrder,
  type SubscriptionTransition,
} from "../domain/subscriptions/detect-subscriptions";
import { upsertRows } from "./upsert-rows.server";

const ROWS_PER_WRITE = 5_000;

async function inChunks<T>(rows: readonly T[], write: (chunk: readonly T[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_WRITE) await write(rows.slice(start, start + ROWS_PER_WRITE));
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
        o.sourceName === RENEWAL_SOURCE_NAME,
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

/**
 * Orders from webhooks (docs/decisions/032): an order with a selling plan on a line, or created by a
 * subscription app, is stored (replacing what was held); any other order's row goes — its plan was
 * edited away. Only the newest payload of an order comes here (process-webhooks.server.ts).
 */
export async function applySubscriptionOrders(
  shop: string,
  orders: readonly (SubscriptionOrder & { renewal: boolean })[],
  readAt: Date,
): Promise<void> {
  const kept = orders.filter((o) => o.sellingPlanIds.length > 0 || o.renewal);
  await inChunks(kept, (chunk) =>
    upsertRows(
      "SubscriptionOrder",
      ["shop", "orderId"],
      ["shop", "orderId", "customerId", "processedAt", "sellingPlanIds", "renewal", "cancelled", "readAt"],
      chunk.map((o) => [shop, o.orderId, o.customerId, o.processedAt, JSON.stringify(o.sellingPlanIds), o.renewal, o.cancelled, readAt]),
    ),
  );
  const dropped = orders.filter((o) => o.sellingPlanIds.length === 0 && !o.renewal).map((o) => o.orderId);
  if (dropped.length > 0) await prisma.subscriptionOrder.deleteMany({ where: { shop, orderId: { in: dropped } } });
}

export async function loadSubscriptionOrders(shop: string, customerIds?: readonly string[]): Promise<SubscriptionOrder[]> {
  const rows = await prisma.subscriptionOrder.findMany({
    where: { shop, ...(customerIds ? { customerId: { in: [...customerIds] } } : {}) },
    orderBy: { orderId: "asc" },
  });
  return rows.map((r) => ({
    orderId: r.orderId,
    customerId: r.customerId,
    processedAt: r.processedAt,
    sellingPlanIds: JSON.parse(r.sellingPlanIds) as string[],
    sourceName: r.renewal ? RENEWAL_SOURCE_NAME : null,
    cancelled: r.cancelled,
  }));
}

export async function loadSubscriberStatuses(shop: string, customerIds?: readonly string[]): Promise<Map<string, ProductSubscriberStatus>> {
  const rows = await prisma.subscriberStatus.findMany({
    where: { shop, ...(customerIds ? { customerId: { in: [...customerIds] } } : {}) },
  });
  return new Map(rows.map((r) => [r.customerId, r.status as ProductSubscriberStatus]));
}

export type StoredSubscription = DetectedSubscription;

/**
 * The shop's subscriptions as detected at `detectedAt`; the ones no longer detected go — of every
 * customer, or only of `customerIds` when those alone were detected again.
 */
export async function saveSubscriptions(
  shop: string,
  subscriptions: readonly StoredSubscription[],
  detectedAt: Date,
  customerIds?: readonly string[],
): Promise<void> {
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
  if (!customerIds) {
    await prisma.subscription.deleteMany({ where: { shop, detectedAt: { not: detectedAt } } });
    return;
  }
  const kept = new Set(subscriptions.map((s) => `${s.customerId}\u001f${s.sellingPlanId}`));
  const held = await prisma.subscription.findMany({
    where: { shop, customerId: { in: [...customerIds] } },
    select: { customerId: true, sellingPlanId: true },
  });
  for (const row of held.filter((r) => !kept.has(`${r.customerId}\u001f${r.sellingPlanId}`))) {
    await prisma.subscription.delete({
      where: { shop_customerId_sellingPlanId: { shop, customerId: row.customerId, sellingPlanId: row.sellingPlanId } },
    });
  }
}

export async function loadSubscriptions(shop: string, customerIds?: readonly string[]): Promise<StoredSubscription[]> {
  const rows = await prisma.subscription.findMany({
    where: { shop, ...(customerIds ? { customerId: { in: [...customerIds] } } : {}) },
    orderBy: [{ customerId: "asc" }, { sellingPlanId: "asc" }],
  });
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

/** Each plan's interval as the last detection of every subscriber settled it. */
export async function loadSettledIntervals(
  shop: string,
): Promise<Map<string, Pick<StoredSubscription, "intervalDays" | "intervalSource">>> {
  const rows = await prisma.subscription.groupBy({ by: ["sellingPlanId", "intervalDays", "intervalSource"], where: { shop } });
  return new Map(
    rows.map((r) => [
      r.sellingPlanId,
      { intervalDays: r.intervalDays, intervalSource: r.intervalSource as StoredSubscription["intervalSource"] },
    ]),
  );
}

/**
 * Transitions as the detection found them at `at`. A subscription new to us, or one that became active
 * again, is nothing to tell Flow: those are stored as already notified.
 */
export async function saveSubscriptionTransitions(shop: string, transitions: readonly SubscriptionTransition[], at: Date): Promise<void> {
  // Inserted as multi-row statements (a first detection records every subscription): the key is the
  // autoincrement id, which the rows leave to the database, so nothing conflicts.
  await inChunks(transitions, (chunk) =>
    upsertRows(
      "SubscriptionTransition",
      ["id"],
      ["shop", "customerId", "sellingPlanId", "fromState", "toState", "reason", "deliveries", "at", "flowNotifiedAt"],
      chunk.map((t) => [
        shop,
        t.customerId,
        t.sellingPlanId,
        t.fromState,
        t.toState,
        t.reason,
        t.deliveries,
        at,
        t.fromState === null || t.toState === "active" ? at : null,
      ]),
    ),
  );
}

export async function loadSubscriptionTransitions(shop: string, customerIds?: readonly string[]) {
  return prisma.subscriptionTransition.findMany({
    where: { shop, ...(customerIds ? { customerId: { in: [...customerIds] } } : {}) },
    orderBy: { id: "asc" },
  });
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

export interface SubscriptionPageData {
  /** The stored report as its JSON text (app/domain/subscriptions/report.ts), null before the first one. */
  reportJson: string | null;
  currencyCode: string;
  timeZone: string;
}

/**
 * What the subscriptions page shows, in one statement: the stored report's JSON text, left unparsed for
 * the loader to send on as it is, and the shop's currency and zone. Each Prisma query costs the page
 * about a millisecond of CPU (the query compiler), and parsing and serialising again a report of
 * ~75 kB (a large shop's) another.
 */
export async function loadSubscriptionPage(shop: string): Promise<SubscriptionPageData> {
  const [row] = await prisma.$queryRaw<{ report: string | null; currencyCode: string; ianaTimezone: string }[]>`
    SELECT r."report", s."currencyCode", s."ianaTimezone" FROM "Shop" s
    LEFT JOIN "SubscriptionReport" r ON r."shop" = s."shop" WHERE s."shop" = ${shop}`;
  if (!row) throw new Error(`No shop ${shop}.`);
  return { reportJson: row.report, currencyCode: row.currencyCode, timeZone: row.ianaTimezone };
}
