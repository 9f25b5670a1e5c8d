import prisma from "../db.server";
import type { MappedOrder, OrderProducts } from "../shopify/map-order";
import { writeRows, type WriteStep } from "./upsert-rows.server";

const COLUMNS = [
  "shop", "id", "customerId", "processedAt", "shopifyUpdatedAt",
  "totalPrice", "totalRefunded", "cancelled", "test", "financialStatus", "fulfilledAt",
] as const;

function orderRows(shop: string, orders: readonly MappedOrder[]) {
  return orders.map((o) => [
    shop, o.id, o.customerId, o.processedAt, o.shopifyUpdatedAt,
    o.totalPrice, o.totalRefunded, o.cancelled, o.test, o.financialStatus, o.fulfilledAt,
  ]);
}

/** The upsert of these orders as a write step (to go in one transaction with others). */
export function orderUpserts(shop: string, orders: readonly MappedOrder[]): WriteStep {
  return { upsert: { table: "Order", keyColumns: ["shop", "id"], columns: COLUMNS, rows: orderRows(shop, orders) } };
}

export async function upsertOrders(shop: string, orders: readonly MappedOrder[]): Promise<void> {
  await writeRows([orderUpserts(shop, orders)]);
}

/** Steps that make each order's stored products exactly `lines` (those of an order no longer in it go). */
export function orderLinesReplacement(shop: string, orders: readonly OrderProducts[]): WriteStep[] {
  return [
    { delete: { table: "OrderLine", shop, column: "orderId", values: orders.map((o) => o.orderId) } },
    {
      upsert: {
        table: "OrderLine",
        keyColumns: ["shop", "orderId", "productId"],
        columns: ["shop", "orderId", "productId", "quantity"],
        rows: orders.flatMap(({ orderId, lines }) => lines.map((line) => [shop, orderId, line.productId, line.quantity])),
      },
    },
  ];
}

/** Replace the stored products of these orders, in one transaction. */
export async function replaceOrderLines(shop: string, orders: readonly OrderProducts[]): Promise<void> {
  await writeRows(orderLinesReplacement(shop, orders));
}

/** The customer's orders processed before `before` that have no stored products. */
export async function ordersWithoutLines(shop: string, customerId: string, before: Date): Promise<string[]> {
  const orders = await prisma.order.findMany({ where: { shop, customerId, processedAt: { lt: before } }, select: { id: true } });
  const withLines = new Set<string>();
  for (let start = 0; start < orders.length; start += ORDERS_PER_QUERY) {
    const ids = orders.slice(start, start + ORDERS_PER_QUERY).map((o) => o.id);
    const lines = await prisma.orderLine.findMany({ where: { shop, orderId: { in: ids } }, select: { orderId: true }, distinct: ["orderId"] });
    for (const line of lines) withLines.add(line.orderId);
  }
  return orders.map((o) => o.id).filter((id) => !withLines.has(id));
}

/** SQLite caps bound parameters: orders are matched this many at a time. */
const ORDERS_PER_QUERY = 500;

// --- Used by the webhooks processing (app/jobs/process-webhooks.server.ts). ---

/** The stored version of each order (what a webhook's newer/older check compares against), by id. */
export async function loadOrderVersions(shop: string, ids: readonly string[]): Promise<Map<string, Omit<MappedOrder, "id">>> {
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

/** Orders as Shopify now has them, their products (one row per product) replacing those stored. */
export async function saveOrdersWithLines(
  shop: string,
  orders: readonly { order: MappedOrder; lines: readonly { productId: string; quantity: number }[] }[],
): Promise<void> {
  if (orders.length === 0) return;
  await writeRows([
    orderUpserts(shop, orders.map((o) => o.order)),
    ...orderLinesReplacement(shop, orders.map(({ order, lines }) => ({ orderId: order.id, lines }))),
  ]);
}
