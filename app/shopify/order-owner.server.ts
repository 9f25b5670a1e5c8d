// Whether an order exists in the shop, and whose it is, asked of Shopify.
import type { AdminClient } from "./admin-client.server";
import { OrderOwner } from "./graphql/order-owner.query";

/** The order's customer (null for an order without one), or null when the shop has no such order. */
export async function fetchOrderOwner(admin: AdminClient, orderId: string): Promise<{ customerId: string | null } | null> {
  const { order } = await admin.request(OrderOwner, { id: orderId });
  return order ? { customerId: order.customer?.id ?? null } : null;
}
