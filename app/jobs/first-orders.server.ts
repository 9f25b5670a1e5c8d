// Keeps each customer's first and second qualifying orders over the whole history, their products and the
// products' types (docs/touchpoints.md §1): after the backfill for every customer, after webhooks and the
// reconciliation for the customers whose orders changed. The orders come from our Order rows (the cohort
// rule: firstTwoQualifyingOrders over the candidates the database ranks); their products from
// OrderProducts — kept for these orders however old — and, for orders whose products we never read
// (older than the backfill's order-lines window, or a first order cancelled since so that an older third
// order became the second), from Shopify: by id through the paced client when they are few, otherwise
// by one bulk query over the orders of their dates, keeping only these orders' lines (a bulk read has no
// rate limit: by id, a request of 4 orders costs ~100 points, and a standard shop restores 100 a second).
// After a backfill that query is every order before its order-lines window: a sync starts it beside the
// records' reads (docs/decisions/057), so that Shopify writes that file while the records are applied;
// otherwise it is started here before the candidates are ranked (they are ranked one slice of customers at
// a time: memory stays flat at a million orders). Product types we have not stored are read by id, 250 a
// request.
import { chunks } from "../domain/chunks";
import { firstTwoQualifyingOrders } from "../domain/journey/cohort-conversion";
import type { OrderProductsRecord } from "../domain/records";
import {
  clearFirstOrders,
  firstOrderCandidates,
  hasCustomerOrdersBefore,
  productsWithoutType,
  saveFirstOrders,
  saveProductTypes,
  storedProductsOf,
  type FirstOrderRow,
} from "../models/first-orders.server";
import { replaceOrderLines } from "../models/order.server";
import type { AdminClient } from "../shopify/admin-client.server";
import {
  BulkOperationError,
  bulkFileLines,
  runBulkQuery,
  waitForBulkOperation,
  type BulkWaitOptions,
} from "../shopify/bulk-operation.server";
import { OrderLinesBatch, readOrderLinesLine } from "../shopify/bulk-records";
import { bulkOrderLinesQuery } from "../shopify/graphql/bulk-order-lines.query";
import type { ProductTypesQuery } from "../shopify/graphql/generated/admin.generated";
import { ProductTypes } from "../shopify/graphql/product-types.query";
import { fetchOrderProducts } from "../shopify/order-products.server";
import { startReadBeside, type ReadUnderWay } from "./read-beside.server";

const PRODUCTS_PER_REQUEST = 250;

/**
 * Up to this many orders are read by id (25 requests, well inside a standard shop's 2,000-point bucket);
 * more by one bulk query. Measured with bench:backfill (docs/performance.md).
 */
export const ORDERS_READ_BY_ID_AT_MOST = 100;

/**
 * Orders whose products are written per transaction when read in bulk. With the file already written when
 * the step starts (decision 057) it arrives faster than it is written: 5,000 a batch peaked at 408 MB at a
 * million orders, 2,000 at 376–383 MB for the same CPU (docs/performance.md).
 */
const ORDERS_PER_WRITE = 2_000;

export interface FirstOrdersRefresh {
  customers: number;
  ordersRead: number;
  typesRead: number;
  /** How the orders' products missing here were read from Shopify (null: none were missing). */
  readBy: "id" | "bulk" | null;
}

export async function refreshFirstOrders({
  shop,
  admin,
  customerIds,
  bulk,
  byIdAtMost = ORDERS_READ_BY_ID_AT_MOST,
  ordersPerSlice,
  productsHeldSince,
  olderOrders,
}: {
  shop: string;
  admin: AdminClient;
  /** The customers whose orders changed; all when absent. */
  customerIds?: readonly string[];
  /** Polling of a bulk read (tests and benches poll faster). */
  bulk?: BulkWaitOptions;
  byIdAtMost?: number;
  /** Orders per slice of a shop-wide refresh (firstOrderCandidates; tests cut small shops into many). */
  ordersPerSlice?: number;
  /**
   * Every order processed since this instant has its products stored (the backfill's order-lines window,
   * SyncRun.orderLinesSince): a shop-wide refresh of a shop with more than `byIdAtMost` orders before it
   * then starts their bulk read at once, and Shopify writes that file while the database ranks the candidates.
   */
  productsHeldSince?: Date | null;
  /** That bulk read, started beside the backfill's reads (startOlderOrdersRead): taken instead of starting one. */
  olderOrders?: OlderOrdersRead;
}): Promise<FirstOrdersRefresh> {
  if (customerIds && customerIds.length === 0) return { customers: 0, ordersRead: 0, typesRead: 0, readBy: null };
  const olderRead = customerIds
    ? null
    : (olderOrders ??
      (productsHeldSince && (await hasCustomerOrdersBefore(shop, productsHeldSince, byIdAtMost))
        ? startOlderOrdersRead({ shop, admin, until: productsHeldSince, bulk })
        : null));
  const olderUntil = olderRead ? olderRead.until.getTime() : Number.NEGATIVE_INFINITY;
  // Slice by slice (firstOrderCandidates): each slice's pairs are saved, the orders whose products we hold
  // give their product ids, and only the others' instants are kept for the read from Shopify.
  if (!customerIds) await clearFirstOrders(shop);
  let customers = 0;
  const productIds = new Set<string>();
  // The orders whose products we do not hold, by instant; those processed before the older read's instant
  // apart, by number (at a million orders ~265k of them, the step's largest live data: 14 MB of numbers
  // against 32 MB of ids and instants) — with the instants of the first few, read by id when they are all.
  const missing = new Map<string, number>();
  const older = new OrderIdSet();
  const fewOlder = new Map<string, number>();
  for await (const slice of firstOrderCandidates(shop, customerIds, ordersPerSlice)) {
    const rows: FirstOrderRow[] = [];
    const processedAt = new Map<string, number>();
    for (const [customerId, candidates] of slice.candidates) {
      const pair = firstTwoQualifyingOrders(candidates, Number.POSITIVE_INFINITY);
      if (pair === null) continue;
      rows.push({
        customerId,
        first: { orderId: pair.first.id, processedAt: pair.first.processedAt },
        second: pair.second ? { orderId: pair.second.id, processedAt: pair.second.processedAt } : null,
      });
      processedAt.set(pair.first.id, pair.first.processedAt.getTime());
      if (pair.second) processedAt.set(pair.second.id, pair.second.processedAt.getTime());
    }
    await saveFirstOrders(shop, slice.customerIds ?? [], rows);
    customers += rows.length;
    const held = await storedProductsOf(shop, [...processedAt.keys()], productIds);
    for (const [orderId, at] of processedAt)
      if (held.has(orderId)) continue;
      else if (at >= olderUntil) missing.set(orderId, at);
      else if (older.add(orderId) <= byIdAtMost) fewOlder.set(orderId, at);
  }
  let readBy: FirstOrdersRefresh["readBy"] = null;
  let ordersRead = 0;
  const onProduct = (productId: string) => productIds.add(productId);
  // The orders processed before the older read's instant come from it when there are more than a few (a
  // few are read by id: a bulk file of the whole older history takes Shopify minutes).
  if (olderRead && older.size > byIdAtMost) {
    readBy = "bulk";
    ordersRead += await applyOrderProductsFile({ shop, url: await olderRead.take(), orderIds: older, onProduct });
  } else for (const [orderId, at] of fewOlder) missing.set(orderId, at);
  older.clear();
  if (missing.size > 0 && missing.size <= byIdAtMost) {
    readBy ??= "id";
    const read = await fetchOrderProducts(admin, [...missing.keys()]);
    await replaceOrderLines(shop, read);
    ordersRead += read.length;
    for (const order of read) for (const line of order.lines) onProduct(line.productId);
  } else if (missing.size > 0) {
    readBy = "bulk";
    // A loop, not Math.min(...): a large shop misses hundreds of thousands (past the call stack's arguments).
    let oldest = Number.POSITIVE_INFINITY;
    let newest = Number.NEGATIVE_INFINITY;
    for (const at of missing.values()) {
      if (at < oldest) oldest = at;
      if (at > newest) newest = at;
    }
    const url = await orderProductsFile({ shop, admin, range: { since: new Date(oldest), until: new Date(newest + 1) }, bulk });
    ordersRead += await applyOrderProductsFile({ shop, url, orderIds: missing, onProduct });
  }

  const untyped = await productsWithoutType(shop, [...productIds]);
  for (const ids of chunks(untyped, PRODUCTS_PER_REQUEST)) {
    const { nodes } = await admin.request<ProductTypesQuery>(ProductTypes, { ids });
    const types = new Map<string, string>();
    for (const node of nodes) if (node && "productType" in node) types.set(node.id, node.productType);
    // A product deleted since has no type: stored as none, so it is not asked for again.
    for (const id of ids) if (!types.has(id)) types.set(id, "");
    await saveProductTypes(shop, types);
  }
  return { customers, ordersRead, typesRead: untyped.length, readBy };
}

const ORDER_GID_PREFIX = "gid://shopify/Order/";
const ORDER_GID = /^gid:\/\/shopify\/Order\/[1-9][0-9]*$/;

/**
 * Order GIDs held as their numbers ("gid://shopify/Order/123" → 123; any other id, or one past 2^53, as
 * itself): a number takes 16 bytes of heap where the id's string takes ~56.
 */
class OrderIdSet {
  private readonly keys = new Set<number | string>();
  private static key(orderId: string): number | string {
    const number = ORDER_GID.test(orderId) ? Number(orderId.slice(ORDER_GID_PREFIX.length)) : Number.NaN;
    return Number.isSafeInteger(number) ? number : orderId;
  }
  /** Adds the order; returns how many the set holds. */
  add(orderId: string): number {
    return this.keys.add(OrderIdSet.key(orderId)).size;
  }
  has(orderId: string): boolean {
    return this.keys.has(OrderIdSet.key(orderId));
  }
  get size(): number {
    return this.keys.size;
  }
  clear(): void {
    this.keys.clear();
  }
}

/** The bulk read of the products of every order processed before `until`, under way: its file's URL (null: none). */
export interface OlderOrdersRead extends ReadUnderWay<string | null> {
  until: Date;
}

/**
 * Starts the bulk read of the line items of every order processed before `until` (a backfill's order-lines
 * window). A sync starts it beside the records' reads; it is Shopify's work until refreshFirstOrders takes it.
 */
export function startOlderOrdersRead({
  shop,
  admin,
  until,
  bulk,
}: {
  shop: string;
  admin: AdminClient;
  until: Date;
  bulk?: BulkWaitOptions;
}): OlderOrdersRead {
  const read = startReadBeside(`older orders' products read for ${shop}`, () => orderProductsFile({ shop, admin, range: { until }, bulk }));
  return { until, ...read };
}

/** How far Shopify's count of the orders before the order-lines window need go for olderOrdersMayBeReadInBulk. */
export const ORDERS_BEFORE_LINES_COUNTED_UP_TO = ORDERS_READ_BY_ID_AT_MOST + 1;

/**
 * Whether a sync starts the older orders' read beside the records' reads, given Shopify's count of the
 * orders before the order-lines window (null: not known). No order is stored yet to tell which of them are
 * first or second orders: a shop with at most ORDERS_READ_BY_ID_AT_MOST of them reads those by id, so it does
 * without; one with more whose first and second orders among them turn out few leaves the file untaken.
 */
export function olderOrdersMayBeReadInBulk(ordersBeforeLines: number | null): boolean {
  return ordersBeforeLines === null || ordersBeforeLines > ORDERS_READ_BY_ID_AT_MOST;
}

/**
 * Runs one bulk read of the line items of the orders processed in [since, until) until Shopify has written
 * its file; returns the file's URL (null: no such order).
 */
async function orderProductsFile({
  shop,
  admin,
  range,
  bulk,
}: {
  shop: string;
  admin: AdminClient;
  range: { since?: Date; until: Date };
  bulk?: BulkWaitOptions;
}): Promise<string | null> {
  const operationId = await runBulkQuery(admin, bulkOrderLinesQuery(range), bulk, { groupObjects: true });
  const operation = await waitForBulkOperation(admin, operationId, bulk);
  if (operation.status !== "COMPLETED") {
    throw new BulkOperationError(
      `Bulk read of older first and second orders for ${shop} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`,
      operation.errorCode,
    );
  }
  return operation.url ?? null;
}

/**
 * Applies a file of line items (orderProductsFile), keeping the orders of `orderIds` (the file's other
 * orders are passed over by their lines' ends, without being read). Returns how many of `orderIds` were
 * found; an order Shopify no longer has is left out, as by id.
 */
async function applyOrderProductsFile({
  shop,
  url,
  orderIds,
  onProduct,
}: {
  shop: string;
  url: string | null;
  orderIds: { has(orderId: string): boolean };
  onProduct: (productId: string) => void;
}): Promise<number> {
  if (!url) return 0;
  const batch = new OrderLinesBatch();
  let inBatch = 0;
  let found = 0;
  // The order whose line items are arriving is not kept: its lines end with this.
  let passedOver: string | null = null;
  const write = async () => {
    const orders: OrderProductsRecord[] = batch.take();
    for (const order of orders) for (const line of order.lines) onProduct(line.productId);
    await replaceOrderLines(shop, orders);
    inBatch = 0;
  };
  for await (const lines of bulkFileLines(url)) {
    for (const line of lines) {
      if (passedOver !== null && line.text.endsWith(passedOver)) continue;
      const record = readOrderLinesLine(line);
      if (record.kind === "order") {
        if (!orderIds.has(record.orderId)) {
          passedOver = `"__parentId":"${record.orderId}"}`;
          continue;
        }
        passedOver = null;
        if (inBatch >= ORDERS_PER_WRITE) await write();
        found++;
        inBatch++;
      } else if (!orderIds.has(record.orderId)) continue;
      batch.add(record, line);
    }
  }
  if (inBatch > 0) await write();
  return found;
}
