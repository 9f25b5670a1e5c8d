// Product titles for the pages that name products (Reviews, Acquisition, the playbook's cross-sell), read
// live (we store product ids only) and kept in memory for a few minutes, so a page view does not wait for
// the Admin API when the same products were named a moment ago. A failure costs the page its titles,
// never the page: it then shows "Product <id>".
import type { AdminClient } from "./admin-client.server";
import { ProductTitles } from "./graphql/product-titles.query";

/** Shopify's limit on ids per `nodes` query. */
const IDS_PER_QUERY = 250;
/** A renamed product shows its new title within this time. */
const TITLE_TTL_MS = 10 * 60_000;
/** Titles kept per process, oldest dropped first. */
const MAX_CACHED_TITLES = 20_000;

const cache = new Map<string, { title: string; at: number }>();

export async function fetchProductTitles(admin: AdminClient, productIds: readonly string[]): Promise<Record<string, string>> {
  const ids = [...new Set(productIds)].slice(0, IDS_PER_QUERY);
  const now = Date.now();
  const titles: Record<string, string> = {};
  const missing: string[] = [];
  for (const id of ids) {
    const hit = cache.get(`${admin.shop} ${id}`);
    if (hit && now - hit.at < TITLE_TTL_MS) titles[id] = hit.title;
    else missing.push(id);
  }
  if (missing.length === 0) return titles;
  try {
    const { nodes } = await admin.request(ProductTitles, { ids: missing });
    for (const node of nodes) {
      if (!node?.id || !node.title) continue;
      titles[node.id] = node.title;
      cache.delete(`${admin.shop} ${node.id}`);
      cache.set(`${admin.shop} ${node.id}`, { title: node.title, at: now });
    }
    while (cache.size > MAX_CACHED_TITLES) cache.delete(cache.keys().next().value!);
  } catch (error) {
    console.warn(`[tsunagu] product titles for ${admin.shop} unavailable:`, String(error));
  }
  return titles;
}
