// What a due step carries besides its text: products to recommend to the customer (the shop's next
// products after what they bought, app/domain/touchpoints/next-products.ts, as of the last acquisition
// report) and, for a step with the review form link, the storefront page of the review form for the
// product they received (the app proxy's /apps/tsunagu/review-form, app/routes/proxy.review-form.tsx).
import { recommendNextProducts, type NextProductsRow } from "../domain/touchpoints/next-products";
import { loadNextProductRows } from "../models/acquisition.server";
import { loadCustomerProductIds, loadOrderProductIds } from "../models/scenario.server";

const RECOMMENDED_PRODUCTS = 3;

export interface StepContent {
  recommendedProducts(customerId: string): Promise<string[]>;
  /** The review form's address for the product of the entry's fulfilled order, or null when it has none. */
  reviewFormLink(entryKey: string): Promise<string | null>;
}

function legacyProductId(gid: string): string | null {
  return /^gid:\/\/shopify\/Product\/(\d+)$/.exec(gid)?.[1] ?? null;
}

/** The review form of a product through the app proxy (the myshopify address redirects to the shop's domain). */
function reviewFormUrl(shop: string, productGid: string): string | null {
  const id = legacyProductId(productGid);
  return id ? `https://${shop}/apps/tsunagu/review-form?product_id=${id}` : null;
}

export function createStepContent(shop: string): StepContent {
  let rows: Promise<NextProductsRow[]> | undefined;
  return {
    async recommendedProducts(customerId) {
      rows ??= loadNextProductRows(shop);
      const [nextRows, bought] = await Promise.all([rows, loadCustomerProductIds(shop, customerId)]);
      return recommendNextProducts(nextRows, bought, { limit: RECOMMENDED_PRODUCTS }).map((p) => p.productId);
    },
    async reviewFormLink(entryKey) {
      const orderId = /^fulfilled:(.+)$/.exec(entryKey)?.[1];
      if (!orderId) return null;
      const [productId] = await loadOrderProductIds(shop, orderId);
      return productId ? reviewFormUrl(shop, productId) : null;
    },
  };
}
