// The Reviews page's server side: what it shows (a page of reviews, NPS of the last 90 days, rules,
// product titles read live) and the merchant's moderation (publish, hide, reply), after which the
// product's review summary metafield is rewritten.
import { appNow } from "../clock.server";
import { cleanShopperText, REVIEW_LIMITS, summarizeNpsCounts, type ReviewStatus } from "../domain/reviews";
import { jobQueue } from "../queue/job-queue.server";
import { loadNpsScoreCounts, loadRecentNpsComments } from "../models/nps.server";
import { ADMIN_PAGE_SIZE, loadAdminReviews, replyToReview, setReviewStatus } from "../models/review.server";
import { createAdminClient } from "../shopify/admin-client.server";
import { fetchProductTitles } from "../shopify/product-titles.server";

const NPS_PERIOD_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function loadReviewsPage(
  { shop, accessToken }: { shop: string; accessToken: string },
  { status, page }: { status?: ReviewStatus; page: number },
) {
  const now = appNow();
  const [list, answers, comments] = await Promise.all([
    loadAdminReviews(shop, { status, page }),
    loadNpsScoreCounts(shop, new Date(now.getTime() - NPS_PERIOD_DAYS * DAY_MS), now),
    loadRecentNpsComments(shop),
  ]);
  const admin = createAdminClient({ shop, accessToken, maxRetries: 1 });
  return {
    productTitles: await fetchProductTitles(
      admin,
      list.reviews.map((r) => r.productId),
    ),
    status: status ?? null,
    page,
    pages: Math.max(1, Math.ceil(list.total / ADMIN_PAGE_SIZE)),
    counts: list.counts,
    reviews: list.reviews,
    nps: summarizeNpsCounts(answers),
    npsPeriodDays: NPS_PERIOD_DAYS,
    comments,
    rules: list.settings,
    timeZone: list.timeZone,
  };
}

export type ModerationIntent = "approve" | "hide" | "reply";

export type ModerationResult =
  | { ok: true; intent: ModerationIntent }
  | { ok: false; status: 400 | 404; error: "invalid_review" | "invalid_intent" | "reply_too_long" | "not_found" };

export async function moderateReview(shop: string, form: FormData): Promise<ModerationResult> {
  const id = Number(form.get("id"));
  const intent = String(form.get("intent"));
  if (!Number.isInteger(id) || id <= 0) return { ok: false, status: 400, error: "invalid_review" };
  let changed: { productId: string } | null;
  if (intent === "approve" || intent === "hide") {
    changed = await setReviewStatus(shop, id, intent === "approve" ? "published" : "hidden");
  } else if (intent === "reply") {
    const reply = cleanShopperText(form.get("reply"));
    if ([...reply].length > REVIEW_LIMITS.replyMax) return { ok: false, status: 400, error: "reply_too_long" };
    changed = await replyToReview(shop, id, reply, appNow());
  } else {
    return { ok: false, status: 400, error: "invalid_intent" };
  }
  if (!changed) return { ok: false, status: 404, error: "not_found" };
  await jobQueue.enqueue(
    "publish-review-summary",
    { shop, productId: changed.productId },
    { singletonKey: `publish-review-summary:${changed.productId}` },
  );
  return { ok: true, intent };
}
