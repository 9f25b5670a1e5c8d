// Product titles for the Reviews page, read live (we store product ids only). A failure costs the
// page its titles, never the page: it then shows "Product <id>".
import type { AdminClient } from "./admin-client.server";
import { ProductTitles } from "./graphql/product-titles.query";

/** Shopify's limit on ids per `nodes` query. */
const IDS_PER_QUERY = 250;

export async function fetchProductTitles(admin: AdminClient, productIds: readonly string[]): Promise<Record<string, string>> {
  const ids = [...new Set(productIds)].slice(0, IDS_PER_QUERY);
  if (ids.length === 0) return {};
  try {
    const { nodes } = await admin.request(ProductTitles, { ids });
    return Object.fromEntries(nodes.filter((n) => n?.id && n.title).map((n) => [n!.id!, n!.title!]));
  } catch (error) {
    console.warn(`[tsunagu] product titles for ${admin.shop} unavailable:`, String(error));
    return {};
  }
}
