import type { MappedOrder } from "../shopify/map-order";
import { upsertRows } from "./upsert-rows.server";

const COLUMNS = [
  "shop", "id", "customerId", "processedAt", "shopifyUpdatedAt",
  "totalPrice", "totalRefunded", "cancelled", "test", "financialStatus",
] as const;

export async function upsertOrders(shop: string, orders: readonly MappedOrder[]): Promise<void> {
  await upsertRows(
    "Order",
    ["shop", "id"],
    COLUMNS,
    orders.map((o) => [
      shop, o.id, o.customerId, o.processedAt, o.shopifyUpdatedAt,
      o.totalPrice, o.totalRefunded, o.cancelled, o.test, o.financialStatus,
    ]),
  );
}
