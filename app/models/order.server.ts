import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import type { MappedLineItem, MappedOrder } from "../shopify/map-order";
import { upsertRows } from "./upsert-rows.server";

const COLUMNS = [
  "shop", "id", "customerId", "processedAt", "shopifyUpdatedAt",
  "totalPrice", "totalRefunded", "cancelled", "test", "financialStatus", "fulfilledAt",
] as const;

export async function upsertOrders(shop: string, orders: readonly MappedOrder[]): Promise<void> {
  await upsertRows(
    "Order",
    ["shop", "id"],
    COLUMNS,
    orders.map((o) => [
      shop, o.id, o.customerId, o.processedAt, o.shopifyUpdatedAt,
      o.totalPrice, o.totalRefunded, o.cancelled, o.test, o.financialStatus, o.fulfilledAt,
    ]),
  );
}

// OrderLine sums the line items of an order per product. With groupObjects off, two line items of one
// order and product can be anywhere in a bulk file, so each batch's line items are staged by their own
// GID and the touched orders are summed again from everything staged so far: each sum replaces the
// last, so the result is right wherever the lines fall, and re-applying a batch changes nothing.
const ORDERS_PER_SUM = 500;

export async function stageLineItems(shop: string, lineItems: readonly MappedLineItem[]): Promise<void> {
  await upsertRows(
    "BulkLineItem",
    ["shop", "id"],
    ["shop", "id", "orderId", "productId", "quantity"],
    lineItems.map((l) => [shop, l.id, l.orderId, l.productId, l.quantity]),
  );
  const orderIds = [...new Set(lineItems.map((l) => l.orderId))];
  for (let start = 0; start < orderIds.length; start += ORDERS_PER_SUM) {
    await prisma.$executeRaw`
      INSERT INTO "OrderLine" ("shop", "orderId", "productId", "quantity")
      SELECT "shop", "orderId", "productId", SUM("quantity") FROM "BulkLineItem"
      WHERE "shop" = ${shop} AND "orderId" IN (${Prisma.join(orderIds.slice(start, start + ORDERS_PER_SUM))})
      GROUP BY "shop", "orderId", "productId"
      ON CONFLICT ("shop", "orderId", "productId") DO UPDATE SET "quantity" = excluded."quantity"`;
  }
}

const STAGED_ROWS_PER_DELETE = 20_000;

/** Once a bulk orders file is fully applied: empty its staging rows, a short transaction at a time. */
export async function clearStagedLineItems(shop: string): Promise<void> {
  for (;;) {
    const deleted = await prisma.$executeRaw`
      DELETE FROM "BulkLineItem" WHERE "shop" = ${shop} AND "id" IN (
        SELECT "id" FROM "BulkLineItem" WHERE "shop" = ${shop} LIMIT ${STAGED_ROWS_PER_DELETE})`;
    if (deleted === 0) return;
  }
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
  await upsertOrders(shop, orders.map((o) => o.order));
  await prisma.$transaction([
    prisma.orderLine.deleteMany({ where: { shop, orderId: { in: orders.map((o) => o.order.id) } } }),
    prisma.orderLine.createMany({
      data: orders.flatMap(({ order, lines }) => lines.map((line) => ({ shop, orderId: order.id, ...line }))),
    }),
  ]);
}
