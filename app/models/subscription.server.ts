// Subscriptions read from orders and customers (docs/decisions/032): the orders that make them, the
// customers' productSubscriberStatus, the detected subscriptions and the page's report.
import prisma from "../db.server";
import { groupByCustomer } from "../domain/group-by";
import {
  RENEWAL_SOURCE_NAME,
  type DetectedSubscription,
  type ProductSubscriberStatus,
  type SubscriptionOrder,
  type SubscriptionTransition,
} from "../domain/subscriptions/detect-subscriptions";
import { chunks } from "../domain/chunks";
import { upsertRows } from "./upsert-rows.server";

const ROWS_PER_WRITE = 5_000;

const ORDER_GID = "gid://shopify/Order/";
const PLAN_GID = "gid://shopify/SellingPlan/";
/** One order in a SubscriberOrders row: id, processedAt (ms), selling plan ids, renewal, cancelled. */
type PackedOrder = [string, number, string[], 0 | 1, 0 | 1];

const shortId = (gid: string, prefix: string) => (gid.startsWith(prefix) ? gid.slice(prefix.length) : gid);
const fullId = (id: string, prefix: string) => (id.startsWith("gid://") ? id : prefix + id);

function packOrder(o: SubscriptionOrder): PackedOrder {
  return [
    shortId(o.orderId, ORDER_GID),
    o.processedAt.getTime(),
    o.sellingPlanIds.map((plan) => shortId(plan, PLAN_GID)),
    o.sourceName === RENEWAL_SOURCE_NAME ? 1 : 0,
    o.cancelled ? 1 : 0,
  ];
}

function unpackOrders(customerId: string, orders: string): SubscriptionOrder[] {
  return (JSON.parse(orders) as PackedOrder[]).map(([id, processedAt, plans, renewal, cancelled]) => ({
    orderId: fullId(id, ORDER_GID),
    customerId,
    processedAt: new Date(processedAt),
    sellingPlanIds: plans.map((plan) => fullId(plan, PLAN_GID)),
    sourceName: renewal ? RENEWAL_SOURCE_NAME : null,
    cancelled: cancelled === 1,
  }));
}

/**
 * Subscription orders as they are stored, each customer's as one row (docs/decisions/050: a tenth of the
 * rows a row per order took), kept as they come: an order is the JSON text of its row's entry, ~70 bytes
 * (~330 as an object: a full read's half a million of them held as objects until stored peaked the sync's
 * memory, docs/decisions/056).
 */
export class SubscriberOrderRows {
  private readonly byCustomer = new Map<string, string[]>();
  orders = 0;

  static of(orders: Iterable<SubscriptionOrder>): SubscriberOrderRows {
    const rows = new SubscriberOrderRows();
    for (const order of orders) rows.add(order);
    return rows;
  }

  add(order: SubscriptionOrder): void {
    const entry = JSON.stringify(packOrder(order));
    const entries = this.byCustomer.get(order.customerId);
    if (entries) entries.push(entry);
    else this.byCustomer.set(order.customerId, [entry]);
    this.orders++;
  }

  /** Each customer's row: the customer id and the JSON text of their orders. */
  *rows(): IterableIterator<[string, string]> {
    for (const [customerId, entries] of this.byCustomer) yield [customerId, `[${entries.join(",")}]`];
  }

  /** Each customer's orders, made again one customer at a time. */
  *ordersByCustomer(): IterableIterator<SubscriptionOrder[]> {
    for (const [customerId, orders] of this.rows()) yield unpackOrders(customerId, orders);
  }
}

async function writeSubscriberOrders(shop: string, rows: SubscriberOrderRows, readAt: Date) {
  // A chunk's rows made only when it is written: the whole shop's would be its orders' text twice over.
  for (const chunk of chunks(rows.rows(), ROWS_PER_WRITE))
    await upsertRows(
      "SubscriberOrders",
      ["shop", "customerId"],
      ["shop", "customerId", "orders", "readAt"],
      chunk.map(([customerId, orders]) => [shop, customerId, orders, readAt]),
    );
}

/**
 * Everything a full read saw replaces what was stored: its rows are written with `readAt`, then the
 * shop's rows an earlier read left (customers with no order on a plan any more, statuses of customers
 * gone) go.
 */
export async function replaceSubscriptionOrders(
  shop: string,
  rows: SubscriberOrderRows,
  statuses: ReadonlyMap<string, ProductSubscriberStatus>,
  readAt: Date,
): Promise<void> {
  await writeSubscriberOrders(shop, rows, readAt);
  for (const chunk of chunks(statuses, ROWS_PER_WRITE))
    await upsertRows(
      "SubscriberStatus",
      ["shop", "customerId"],
      ["shop", "customerId", "status", "readAt"],
      chunk.map(([customerId, status]) => [shop, customerId, status, readAt]),
    );
  await prisma.subscriberOrders.deleteMany({ where: { shop, readAt: { not: readAt } } });
  await prisma.subscriberStatus.deleteMany({ where: { shop, readAt: { not: readAt } } });
}

/**
 * Orders from webhooks (docs/decisions/032): an order with a selling plan on a line, or created by a
 * subscription app, is stored in its customer's row (replacing what was held); any other order leaves
 * it — its plan was edited away. Only the newest payload of an order comes here
 * (process-webhooks.server.ts), so applying it again changes nothing.
 */
export async function applySubscriptionOrders(
  shop: string,
  orders: readonly (SubscriptionOrder & { renewal: boolean })[],
  readAt: Date,
): Promise<void> {
  if (orders.length === 0) return;
  const customerIds = [...new Set(orders.map((o) => o.customerId))];
  const held = groupByCustomer(await loadSubscriptionOrders(shop, customerIds));
  const changed = new Map<string, SubscriptionOrder[]>();
  for (const customerId of customerIds) changed.set(customerId, held.get(customerId) ?? []);
  for (const order of orders) {
    const kept = changed.get(order.customerId)!.filter((o) => o.orderId !== order.orderId);
    if (order.sellingPlanIds.length > 0 || order.renewal) {
      const { renewal, ...stored } = order;
      kept.push({ ...stored, sourceName: renewal ? RENEWAL_SOURCE_NAME : null });
    }
    changed.set(order.customerId, kept);
  }
  const emptied = [...changed].filter(([, list]) => list.length === 0).map(([customerId]) => customerId);
  await writeSubscriberOrders(shop, SubscriberOrderRows.of([...changed.values()].flat()), readAt);
  if (emptied.length > 0) await prisma.subscriberOrders.deleteMany({ where: { shop, customerId: { in: emptied } } });
}

/** The shop's subscription orders (or only `customerIds`'), by order id. */
export async function loadSubscriptionOrders(shop: string, customerIds?: readonly string[]): Promise<SubscriptionOrder[]> {
  const rows = await prisma.subscriberOrders.findMany({
    where: { shop, ...(customerIds ? { customerId: { in: [...customerIds] } } : {}) },
    select: { customerId: true, orders: true },
  });
  const orders = rows.flatMap((r) => unpackOrders(r.customerId, r.orders));
  return orders.sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
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
  for (const chunk of chunks(subscriptions, ROWS_PER_WRITE))
    await upsertRows(
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
  for (const chunk of chunks(transitions, ROWS_PER_WRITE))
    await upsertRows(
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
