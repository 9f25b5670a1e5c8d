// Reviews from the storefront: one per customer and product (a new submission edits it), moderated
// in the admin. Shopper text is stored as given and always rendered escaped.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { recordAdvocacyAct } from "./advocacy.server";
import { refreshAdvocacyDays } from "./journey.server";
import {
  moderationStatus,
  REVIEW_STATUSES,
  type ModerationRules,
  type PurchasedLine,
  type ReviewForSummary,
  type ReviewStatus,
  type ReviewSubmission,
} from "../domain/reviews";
import { loadOrderProducts } from "./order.server";

export interface ReviewSettings extends ModerationRules {
  reviewDelayDays: number;
  needsCareTagEnabled: boolean;
}

interface ReviewSettingsRow {
  uninstalledAt: Date | null;
  reviewDelayDays: number;
  reviewAutoPublishMinRating: number;
  reviewHoldMaxRating: number;
  needsCareTagEnabled: boolean;
}

const REVIEW_SETTINGS_COLUMNS = Prisma.sql`"uninstalledAt", "reviewDelayDays", "reviewAutoPublishMinRating", "reviewHoldMaxRating", "needsCareTagEnabled"`;

const reviewSettingsOf = (row: ReviewSettingsRow | undefined): ReviewSettings | null =>
  !row || row.uninstalledAt
    ? null
    : {
        reviewDelayDays: row.reviewDelayDays,
        autoPublishMinRating: row.reviewAutoPublishMinRating,
        holdMaxRating: row.reviewHoldMaxRating,
        needsCareTagEnabled: row.needsCareTagEnabled,
      };

/**
 * The shop's review settings, or null when the shop is not (or no longer) installed. Read raw: the
 * storefront's review form and the admin's Reviews page read them on every request (docs/performance.md,
 * "Page loaders and Prisma's query compiler").
 */
export async function getReviewSettings(shop: string): Promise<ReviewSettings | null> {
  const [row] = await prisma.$queryRaw<ReviewSettingsRow[]>`SELECT ${REVIEW_SETTINGS_COLUMNS} FROM "Shop" WHERE "shop" = ${shop}`;
  return reviewSettingsOf(row);
}

/** Every line of the customer's synced orders that holds the product (for the verified-buyer check). */
export async function loadPurchasedLines(shop: string, customerId: string, productId: string): Promise<PurchasedLine[]> {
  const orders = await prisma.order.findMany({
    where: { shop, customerId },
    select: { id: true, cancelled: true, test: true, fulfilledAt: true, totalPrice: true, totalRefunded: true },
  });
  const products = await loadOrderProducts(
    shop,
    orders.map((o) => o.id),
  );
  const bought = new Set(
    [...products].filter(([, lines]) => lines.some((line) => line.productId === productId)).map(([orderId]) => orderId),
  );
  return orders.filter((o) => bought.has(o.id)).map(({ id, ...order }) => ({ orderId: id, productId, ...order }));
}

export type SaveReviewResult =
  { saved: true; id: number; status: ReviewStatus; edited: boolean } | { saved: false; reason: "hidden_by_merchant" };

/**
 * Create the customer's review of the product (written `at`, the app's now), or edit the one they wrote. An edited review goes
 * through moderation again (its rating may have changed); one the merchant hid is not touched.
 */
export async function saveReview(
  shop: string,
  customerId: string,
  orderId: string,
  submission: ReviewSubmission,
  rules: ModerationRules,
  at: Date,
): Promise<SaveReviewResult> {
  const key = { shop_customerId_productId: { shop, customerId, productId: submission.productId } };
  const existing = await prisma.review.findUnique({ where: key, select: { status: true, rating: true, createdAt: true } });
  if (existing?.status === "hidden") return { saved: false, reason: "hidden_by_merchant" };
  const status = moderationStatus(submission.rating, rules, existing?.status as ReviewStatus | undefined);
  const text = { rating: submission.rating, title: submission.title, body: submission.body, status };
  const row = await prisma.review.upsert({
    where: key,
    create: { shop, customerId, productId: submission.productId, orderId, ...text, createdAt: at },
    update: text,
    select: { id: true, status: true },
  });
  // The journey's daily advocacy sums: a new review (and the first act it may replace), or an edited rating.
  if (existing === null) {
    const replacedAct = await recordAdvocacyAct(shop, customerId, at);
    await refreshAdvocacyDays(shop, replacedAct ? [at, replacedAct] : [at]);
  } else if (existing.rating !== submission.rating) await refreshAdvocacyDays(shop, [existing.createdAt]);
  return { saved: true, id: row.id, status: row.status as ReviewStatus, edited: existing !== null };
}

export interface AdminReview {
  id: number;
  customerId: string;
  productId: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  reply: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ADMIN_PAGE_SIZE = 25;

/**
 * What the admin's Reviews page shows of the shop's reviews, newest first, optionally one status (`page`
 * counts from 1): the page's reviews, how many there are of each status and of the one shown, the
 * shop's review settings (null once uninstalled) and its time zone. Two raw statements: the page reads
 * them on every view (docs/performance.md, "Page loaders and Prisma's query compiler").
 */
export async function loadAdminReviews(
  shop: string,
  { status, page = 1 }: { status?: ReviewStatus; page?: number } = {},
): Promise<{
  reviews: AdminReview[];
  total: number;
  counts: Record<ReviewStatus, number>;
  settings: ReviewSettings | null;
  timeZone: string;
}> {
  const countsByStatus = Prisma.join(
    REVIEW_STATUSES.map(
      (s) => Prisma.sql`(SELECT COUNT(*) FROM "Review" WHERE "shop" = ${shop} AND "status" = ${s}) AS ${Prisma.raw(`"${s}"`)}`,
    ),
  );
  const [[shopRow], reviews] = await Promise.all([
    prisma.$queryRaw<(ReviewSettingsRow & { ianaTimezone: string } & Record<ReviewStatus, bigint | number>)[]>`
      SELECT ${REVIEW_SETTINGS_COLUMNS}, "ianaTimezone", ${countsByStatus} FROM "Shop" WHERE "shop" = ${shop}`,
    prisma.$queryRaw<AdminReview[]>`
      SELECT "id", "customerId", "productId", "rating", "title", "body", "status", "reply", "createdAt", "updatedAt"
      FROM "Review" WHERE "shop" = ${shop} ${status ? Prisma.sql`AND "status" = ${status}` : Prisma.empty}
      ORDER BY "createdAt" DESC, "id" DESC LIMIT ${ADMIN_PAGE_SIZE} OFFSET ${(Math.max(1, page) - 1) * ADMIN_PAGE_SIZE}`,
  ]);
  if (!shopRow) throw new Error(`No shop ${shop}`);
  const counts = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, Number(shopRow[s])])) as Record<ReviewStatus, number>;
  return {
    reviews,
    total: status ? counts[status] : REVIEW_STATUSES.reduce((sum, s) => sum + counts[s], 0),
    counts,
    settings: reviewSettingsOf(shopRow),
    timeZone: shopRow.ianaTimezone,
  };
}

/** Approve (publish) or hide a review of this shop; returns its product, or null when there is no such review. */
export async function setReviewStatus(shop: string, id: number, status: ReviewStatus): Promise<{ productId: string } | null> {
  const found = await prisma.review.findFirst({ where: { shop, id }, select: { productId: true } });
  if (!found) return null;
  await prisma.review.update({ where: { id }, data: { status } });
  return found;
}

/** The merchant's public reply (an empty one removes it). */
export async function replyToReview(shop: string, id: number, reply: string, at: Date): Promise<{ productId: string } | null> {
  const found = await prisma.review.findFirst({ where: { shop, id }, select: { productId: true } });
  if (!found) return null;
  await prisma.review.update({
    where: { id },
    data: reply === "" ? { reply: null, repliedAt: null } : { reply, repliedAt: at },
  });
  return found;
}

export async function loadPublishedReviews(shop: string, productId: string, take?: number): Promise<ReviewForSummary[]> {
  return prisma.review.findMany({
    where: { shop, productId, status: "published" },
    select: { rating: true, title: true, body: true, createdAt: true, reply: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...(take ? { take } : {}),
  });
}
