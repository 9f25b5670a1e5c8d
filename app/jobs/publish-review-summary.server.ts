// Write a product's review summary (average, count, 5 newest published reviews) into its app-owned
// metafield `$app:tsunagu`/`review_summary`, which the theme's reviews block reads without any request
// from the storefront. Run after a review is stored, approved, hidden or replied to. Idempotent: it
// always writes the summary of what is published now.
import { buildReviewSummary, type ReviewSummary } from "../domain/reviews";
import { loadPublishedReviews } from "../models/review.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { APP_METAFIELD_DEFINITIONS, setAppMetafields } from "../shopify/metafields.server";
import { ensureAppMetafieldDefinitions } from "../services/app-metafield-definitions.server";

const { reviewSummary: REVIEW_SUMMARY } = APP_METAFIELD_DEFINITIONS;

export async function publishReviewSummary({
  shop,
  admin,
  productId,
}: {
  shop: string;
  admin: AdminClient;
  productId: string;
}): Promise<ReviewSummary> {
  await ensureAppMetafieldDefinitions(shop, admin, Object.values(APP_METAFIELD_DEFINITIONS));
  const summary = buildReviewSummary(await loadPublishedReviews(shop, productId));
  await setAppMetafields(admin, [
    { ownerId: productId, key: REVIEW_SUMMARY.key, type: REVIEW_SUMMARY.type, value: JSON.stringify(summary) },
  ]);
  return summary;
}
