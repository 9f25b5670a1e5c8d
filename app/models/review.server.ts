// Reviews from the storefront: one per customer and product (a new submission edits it), moderated
// in the admin. Shopper text is stored as given and always rendered escaped.
import prisma from "../db.server";
import {
  moderationStatus,
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

/** The shop's review settings, or null when the shop is not (or no longer) installed. */
export async function getReviewSettings(shop: string): Promise<ReviewSettings | null> {
  const row = await prisma.shop.findUnique({
    where: { shop },
    select: {
      uninstalledAt: true,
      reviewDelayDays: true,
      reviewAutoPublishMinRating: true,
      reviewHoldMaxRating: true,
      needsCareTagEnabled: true,
    },
  });
  if (!row || row.uninstalledAt) return null;
  return {
    reviewDelayDays: row.reviewDelayDays,
    autoPublishMinRating: row.reviewAutoPublishMinRating,
    holdMaxRating: row.reviewHoldMaxRating,
    needsCareTagEnabled: row.needsCareTagEnabled,
  };
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
  const existing = await prisma.review.findUnique({ where: key, select: { status: true } });
  if (existing?.status === "hidden") return { saved: false, reason: "hidden_by_merchant" };
  const status = moderationStatus(submission.rating, rules, existing?.status as ReviewStatus | undefined);
  const text = { rating: submission.rating, title: submission.title, body: submission.body, status };
  const row = await prisma.review.upsert({
    where: key,
    create: { shop, customerId, productId: submission.productId, orderId, ...text, createdAt: at },
    update: text,
    select: { id: true, status: true },
  });
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

const ADMIN_REVIEW_SELECT = {
  id: true,
  customerId: true,
  productId: true,
  rating: true,
  title: true,
  body: true,
  status: true,
  reply: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const ADMIN_PAGE_SIZE = 25;

/** Newest first, optionally one status; `page` counts from 1. */
export async function listReviews(
  shop: string,
  { status, page = 1 }: { status?: ReviewStatus; page?: number } = {},
): Promise<{ reviews: AdminReview[]; total: number; counts: Record<ReviewStatus, number> }> {
  const where = { shop, ...(status ? { status } : {}) };
  const [rows, total, groups] = await Promise.all([
    prisma.review.findMany({
      where,
      select: ADMIN_REVIEW_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (Math.max(1, page) - 1) * ADMIN_PAGE_SIZE,
      take: ADMIN_PAGE_SIZE,
    }),
    prisma.review.count({ where }),
    prisma.review.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
  ]);
  const counts: Record<ReviewStatus, number> = { pending: 0, published: 0, hidden: 0 };
  for (const g of groups) counts[g.status as ReviewStatus] = g._count._all;
  return { reviews: rows.map((r) => ({ ...r, status: r.status as ReviewStatus })), total, counts };
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
