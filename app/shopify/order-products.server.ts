// The products of orders read from Shopify, summed per product (custom items have none). An order's
// line items come a page at a time: the first with the order (by id here, or inline in the order facts
// queries), the rest with OrderProductsPage for just the orders that have more.
import type { OrderFacts, OrderLine, OrderProductsRecord } from "../domain/records";
import type { AdminClient } from "./admin-client.server";
import type { OrderFactsFragment, OrderProductsPageQuery } from "./graphql/generated/admin.generated";
import { ORDERS_PER_PRODUCTS_REQUEST, OrderProducts, OrderProductsPage } from "./graphql/order-products.query";
import { mapOrderFacts } from "./map-order-facts";
import { chunks } from "../domain/chunks";

/** A page of an order's line items, as every query reading them selects it. */
export type LineItemsPage = NonNullable<OrderProductsPageQuery["order"]>["lineItems"];

/** Every product of the order, from `firstPage` (read with the order) on through the pages after it. */
export async function productsOfOrder(admin: AdminClient, orderId: string, firstPage: LineItemsPage): Promise<OrderLine[]> {
  const quantities = new Map<string, number>();
  for (let page: LineItemsPage | null = firstPage; page;) {
    for (const item of page.nodes) {
      if (item.product) quantities.set(item.product.id, (quantities.get(item.product.id) ?? 0) + item.quantity);
    }
    const after: string | null = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
    page = after ? ((await admin.request(OrderProductsPage, { id: orderId, after })).order?.lineItems ?? null) : null;
  }
  return [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
}

/** An order read with the order facts queries, as facts with every product (not only its first page's). */
export async function completeOrderFacts(admin: AdminClient, node: OrderFactsFragment): Promise<OrderFacts> {
  return mapOrderFacts(node, await productsOfOrder(admin, node.id, node.lineItems));
}

/** Orders Shopify no longer has are left out. */
export async function fetchOrderProducts(admin: AdminClient, orderIds: readonly string[]): Promise<OrderProductsRecord[]> {
  const result: OrderProductsRecord[] = [];
  for (const chunk of chunks(orderIds, ORDERS_PER_PRODUCTS_REQUEST)) {
    const { nodes } = await admin.request(OrderProducts, {
      ids: chunk,
    });
    for (const order of nodes) {
      if (order?.lineItems) result.push({ orderId: order.id, lines: await productsOfOrder(admin, order.id, order.lineItems) });
    }
  }
  return result;
}
