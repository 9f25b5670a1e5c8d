// The products of orders read from Shopify by id, summed per product (custom items have none).
import type { AdminClient } from "./admin-client.server";
import { ORDERS_PER_PRODUCTS_REQUEST, OrderProducts, OrderProductsPage } from "./graphql/order-products.query";
import type { OrderProducts as OrderProductsRow } from "./map-order";

interface LineItemsPage {
  nodes: { quantity: number; product: { id: string } | null }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Orders Shopify no longer has are left out. */
export async function fetchOrderProducts(admin: AdminClient, orderIds: readonly string[]): Promise<OrderProductsRow[]> {
  const result: OrderProductsRow[] = [];
  for (let start = 0; start < orderIds.length; start += ORDERS_PER_PRODUCTS_REQUEST) {
    const { nodes } = await admin.request<{ nodes: ({ id: string; lineItems: LineItemsPage } | null)[] }>(OrderProducts, {
      ids: orderIds.slice(start, start + ORDERS_PER_PRODUCTS_REQUEST),
    });
    for (const order of nodes) {
      if (!order?.lineItems) continue;
      const quantities = new Map<string, number>();
      for (let page: LineItemsPage | null = order.lineItems; page; ) {
        for (const item of page.nodes) {
          if (item.product) quantities.set(item.product.id, (quantities.get(item.product.id) ?? 0) + item.quantity);
        }
        const after: string | null = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        page = after
          ? (await admin.request<{ order: { lineItems: LineItemsPage } | null }>(OrderProductsPage, { id: order.id, after })).order?.lineItems ?? null
          : null;
      }
      result.push({ orderId: order.id, lines: [...quantities].map(([productId, quantity]) => ({ productId, quantity })) });
    }
  }
  return result;
}
