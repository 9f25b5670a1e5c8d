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
