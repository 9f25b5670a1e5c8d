import prisma from "../db.server";
import type { OrderLine, OrderProductsRecord, OrderRecord } from "../domain/records";
import { writeRows, type WriteStep } from "./upsert-rows.server";
import { chunks } from "../domain/chunks";

/** Order's columns as orderUpserts writes them, a row's values in this order. */
export const ORDER_COLUMNS = [
  "shop",
  "id",
  "customerId",
  "processedAt",
  "shopifyUpdatedAt",
  "totalPrice",
  "totalRefunded",
  "cancelled",
  "test",
  "financialStatus",
  "fulfilledAt",
] as const;

function orderRows(shop: string, orders: readonly OrderRecord[]) {
  return orders.map((o) => [
    shop,
    o.id,
    o.customerId,
    o.processedAt,
    o.shopifyUpdatedAt,
    o.totalPrice,
    o.totalRefunded,
    o.cancelled,
    o.test,
    o.financialStatus,
    o.fulfilledAt,
  ]);
}

/**
 * The upsert of these orders as a write step (to go in one transaction with others), in customer
 * order: Order's index by customer is then written page after page instead of at random — measured
 * on SQLite, 958k orders in batches of 50,000: 16 s sorted, 20 s unsorted (docs/decisions/025).
 */
export function orderUpserts(shop: string, orders: readonly OrderRecord[]): WriteStep {
  const byCustomer = [...orders].sort((a, b) => compareText(a.customerId ?? "", b.customerId ?? ""));
  return { upsert: { table: "Order", keyColumns: ["shop", "id"], columns: ORDER_COLUMNS, rows: orderRows(shop, byCustomer) } };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function upsertOrders(shop: string, orders: readonly OrderRecord[]): Promise<void> {
  await writeRows([orderUpserts(shop, orders)]);
}

/** Each order's stored products become exactly `lines` (one row per order, replaced as a whole). */
export function orderProductsUpserts(shop: string, orders: readonly OrderProductsRecord[]): WriteStep {
  return {
    upsert: {
      table: "OrderProducts",
      keyColumns: ["shop", "orderId"],
      columns: ["shop", "orderId", "products"],
      rows: orders.map(({ orderId, lines }) => [shop, orderId, productsJson(lines)]),
    },
  };
}

/** By product id, so an order reads the same however it arrived (bulk file, webhook, by id). */
function productsJson(lines: readonly OrderLine[]): string {
  const sorted = lines.length > 1 ? [...lines].sort((a, b) => compareText(a.productId, b.productId)) : lines;
  // Written out rather than JSON.stringify of a new array per product: ~5M products in a large backfill.
  let json = "[";
  for (let i = 0; i < sorted.length; i++) json += `${i ? "," : ""}[${JSON.stringify(sorted[i].productId)},${sorted[i].quantity}]`;
  return `${json}]`;
}

/** Replace the stored products of these orders, in one transaction. */
export async function replaceOrderLines(shop: string, orders: readonly OrderProductsRecord[]): Promise<void> {
  await writeRows([orderProductsUpserts(shop, orders)]);
}

/** The stored products of these orders, by order id (orders whose products were never read are absent). */
export async function loadOrderProducts(shop: string, orderIds: readonly string[]): Promise<Map<string, OrderLine[]>> {
  const byOrder = new Map<string, OrderLine[]>();
  for (const chunk of chunks(orderIds, ORDERS_PER_QUERY)) {
    const rows = await prisma.orderProducts.findMany({ where: { shop, orderId: { in: chunk } } });
    for (const row of rows) byOrder.set(row.orderId, parseProducts(row.products));
  }
  return byOrder;
}

function parseProducts(products: string): OrderLine[] {
  return (JSON.parse(products) as [string, number][]).map(([productId, quantity]) => ({ productId, quantity }));
}

/** The customer's orders processed before `before` whose products were never read. */
export async function ordersWithoutLines(shop: string, customerId: string, before: Date): Promise<string[]> {
  const orders = await prisma.order.findMany({ where: { shop, customerId, processedAt: { lt: before } }, select: { id: true } });
  const read = new Set<string>();
  for (const chunk of chunks(orders, ORDERS_PER_QUERY)) {
    const ids = chunk.map((o) => o.id);
    const rows = await prisma.orderProducts.findMany({ where: { shop, orderId: { in: ids } }, select: { orderId: true } });
    for (const row of rows) read.add(row.orderId);
  }
  return orders.map((o) => o.id).filter((id) => !read.has(id));
}

/** SQLite caps bound parameters: orders are matched this many at a time. */
const ORDERS_PER_QUERY = 500;

// --- Used by the webhooks processing (app/jobs/process-webhooks.server.ts). ---

/** The stored version of each order (what a webhook's newer/older check compares against), by id. */
export async function loadOrderVersions(shop: string, ids: readonly string[]): Promise<Map<string, Omit<OrderRecord, "id">>> {
  const rows = await prisma.order.findMany({
    where: { shop, id: { in: [...ids] } },
    select: {
      id: true,
      customerId: true,
      processedAt: true,
      shopifyUpdatedAt: true,
      totalPrice: true,
      totalRefunded: true,
      cancelled: true,
      test: true,
      financialStatus: true,
      fulfilledAt: true,
    },
  });
  return new Map(rows.map(({ id, ...order }) => [id, order]));
}

/** Orders as Shopify now has them, their products replacing those stored. */
export async function saveOrdersWithLines(
  shop: string,
  orders: readonly { order: OrderRecord; lines: readonly OrderLine[] }[],
): Promise<void> {
  if (orders.length === 0) return;
  await writeRows([
    orderUpserts(
      shop,
      orders.map((o) => o.order),
    ),
    orderProductsUpserts(
      shop,
      orders.map(({ order, lines }) => ({ orderId: order.id, lines })),
    ),
  ]);
}
