// Keeps each customer's first and second qualifying orders over the whole history, their products and the
// products' types (docs/touchpoints.md §1): after the backfill for every customer, after webhooks and the
// reconciliation for the customers whose orders changed. The orders come from our Order rows (the cohort
// rule: firstTwoQualifyingOrders); their products from OrderProducts — the backfill keeps them for these
// orders however old — and, for an order whose products we never read (a first order cancelled since, so
// an older third order became the second), from Shopify by id; product types we have not stored from
// Shopify by id, 250 a request through the paced client.
import { firstTwoQualifyingOrders } from "../domain/journey/cohort-conversion";
import { loadCustomerHistories } from "../models/customer.server";
import { productsWithoutType, saveFirstOrders, saveProductTypes, type FirstOrderRow } from "../models/first-orders.server";
import { loadOrderProducts, replaceOrderLines } from "../models/order.server";
import type { AdminClient } from "../shopify/admin-client.server";
import type { ProductTypesQuery } from "../shopify/graphql/generated/admin.generated";
import { ProductTypes } from "../shopify/graphql/product-types.query";
import { fetchOrderProducts } from "../shopify/order-products.server";

const PRODUCTS_PER_REQUEST = 250;

export async function refreshFirstOrders({
  shop,
  admin,
  customerIds,
}: {
  shop: string;
  admin: AdminClient;
  /** The customers whose orders changed; all when absent. */
  customerIds?: readonly string[];
}): Promise<{ customers: number; ordersRead: number; typesRead: number }> {
  if (customerIds && customerIds.length === 0) return { customers: 0, ordersRead: 0, typesRead: 0 };
  const histories = await loadCustomerHistories(shop, customerIds);
  const rows: FirstOrderRow[] = [];
  for (const history of histories) {
    const pair = firstTwoQualifyingOrders(history.orders, Number.POSITIVE_INFINITY);
    if (pair === null) continue;
    rows.push({
      customerId: history.customerId,
      first: { orderId: pair.first.id, processedAt: pair.first.processedAt },
      second: pair.second ? { orderId: pair.second.id, processedAt: pair.second.processedAt } : null,
    });
  }
  await saveFirstOrders(shop, customerIds ?? "all", rows);

  const orderIds = rows.flatMap((r) => (r.second ? [r.first.orderId, r.second.orderId] : [r.first.orderId]));
  const held = await loadOrderProducts(shop, orderIds);
  const missing = orderIds.filter((id) => !held.has(id));
  const read = missing.length > 0 ? await fetchOrderProducts(admin, missing) : [];
  await replaceOrderLines(shop, read);

  const productIds = [...held.values(), ...read.map((o) => o.lines)].flatMap((lines) => lines.map((l) => l.productId));
  const untyped = await productsWithoutType(shop, productIds);
  for (let start = 0; start < untyped.length; start += PRODUCTS_PER_REQUEST) {
    const ids = untyped.slice(start, start + PRODUCTS_PER_REQUEST);
    const { nodes } = await admin.request<ProductTypesQuery>(ProductTypes, { ids });
    const types = new Map<string, string>();
    for (const node of nodes) if (node && "productType" in node) types.set(node.id, node.productType);
    // A product deleted since has no type: stored as none, so it is not asked for again.
    for (const id of ids) if (!types.has(id)) types.set(id, "");
    await saveProductTypes(shop, types);
  }
  return { customers: rows.length, ordersRead: read.length, typesRead: untyped.length };
}
