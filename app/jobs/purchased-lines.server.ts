// The verified-buyer check's lines of a customer and product. The backfill stores the products of
// orders processed in its window only (docs/decisions/019); an older order's products are read from
// Shopify the first time a review of this customer needs them, and stored, so the check answers as
// if every order's products had been read — and asks Shopify at most once per order.
import type { PurchasedLine } from "../domain/reviews";
import { ordersWithoutLines, replaceOrderLines } from "../models/order.server";
import { loadPurchasedLines } from "../models/review.server";
import { orderLinesKnownSince } from "../models/sync-run.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { fetchOrderProducts } from "../shopify/order-products.server";

export async function purchasedLines(
  shop: string,
  customerId: string,
  productId: string,
  admin: () => Promise<AdminClient>,
): Promise<PurchasedLine[]> {
  const knownSince = await orderLinesKnownSince(shop);
  const unread = knownSince ? await ordersWithoutLines(shop, customerId, knownSince) : [];
  if (unread.length > 0) {
    const read = await fetchOrderProducts(await admin(), unread);
    await replaceOrderLines(shop, read);
  }
  return loadPurchasedLines(shop, customerId, productId);
}
