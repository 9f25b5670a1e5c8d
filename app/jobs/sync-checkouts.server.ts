// Reads the shop's abandoned checkouts (the journey's consideration stage) into AbandonedCheckout,
// then rebuilds the daily journey rows. Incremental: only checkouts Shopify changed since the last
// run's watermark (updated_at), which advances only once every page is saved, so a run killed
// halfway is simply repeated.
import type { AdminClient } from "../shopify/admin-client.server";
import { AbandonedCheckoutsPage } from "../shopify/graphql/abandoned-checkouts-page.query";
import type { AbandonedCheckoutsPageQuery } from "../shopify/graphql/generated/admin.generated";
import { getShopSettings } from "../models/shop.server";
import {
  checkoutsSyncedThrough,
  markCheckoutsSyncedThrough,
  rebuildJourneyDays,
  saveAbandonedCheckouts,
  type AbandonedCheckoutRow,
} from "../models/journey.server";

const PAGE_SIZE = 250;

export async function syncCheckouts({ shop, admin, now }: { shop: string; admin: AdminClient; now: Date }): Promise<{ saved: number }> {
  const since = await checkoutsSyncedThrough(shop);
  const query = since ? `updated_at:>='${since.toISOString()}'` : null;
  let after: string | null = null;
  let saved = 0;
  let watermark = since;
  do {
    const { abandonedCheckouts }: AbandonedCheckoutsPageQuery = await admin.request(AbandonedCheckoutsPage, {
      first: PAGE_SIZE,
      after,
      query,
    });
    const rows: AbandonedCheckoutRow[] = abandonedCheckouts.nodes.map((node) => ({
      id: node.id,
      customerId: node.customer?.id ?? null,
      createdAt: new Date(node.createdAt),
      completedAt: node.completedAt ? new Date(node.completedAt) : null,
      totalPrice: Number(node.totalPriceSet.shopMoney.amount),
    }));
    await saveAbandonedCheckouts(shop, rows);
    saved += rows.length;
    for (const node of abandonedCheckouts.nodes) {
      const updatedAt = new Date(node.updatedAt);
      if (!watermark || updatedAt > watermark) watermark = updatedAt;
    }
    after = abandonedCheckouts.pageInfo.hasNextPage ? (abandonedCheckouts.pageInfo.endCursor ?? null) : null;
  } while (after);
  if (watermark) await markCheckoutsSyncedThrough(shop, watermark);
  const { ianaTimezone } = await getShopSettings(shop);
  await rebuildJourneyDays(shop, ianaTimezone, now);
  return { saved };
}
