// Reviews and NPS answers (docs/domain.md §5, advocacy stage): what a storefront submission must look
// like, which reviews publish at once, who may review what and when, the NPS score, and the advocacy
// figures the journey reads. Pure: time is an argument, nothing here reads the clock or a database.
import type { OrderLine, OrderProductsRecord, OrderRecord } from "./records";
import { makesABuyer } from "./review-eligibility";

/** Moderation state of a review. */
export const REVIEW_STATUSES = ["pending", "published", "hidden"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export function isReviewStatus(value: unknown): value is ReviewStatus {
  return typeof value === "string" && (REVIEW_STATUSES as readonly string[]).includes(value);
}

/** Lengths in characters (code points, so a Japanese sentence counts as many as it shows). */
export const REVIEW_LIMITS = {
  titleMax: 120,
  bodyMax: 4000,
  replyMax: 2000,
  /** Anything bigger than this is refused before it is parsed. */
  requestBytesMax: 16 * 1024,
} as const;

/** 1–2★ reviews and NPS detractors mark the customer for follow-up (Customer.needsCare). */
const NEEDS_CARE_MAX_RATING = 2;

export interface ReviewSubmission {
  /** gid://shopify/Product/<id> */
  productId: string;
  rating: number;
  title: string;
  body: string;
}

export type ReviewField = "product_id" | "rating" | "title" | "body";
export type FieldProblem = "required" | "invalid" | "too_long";

export type ParsedSubmission =
  { ok: true; submission: ReviewSubmission; honeypot: boolean } | { ok: false; errors: Partial<Record<ReviewField, FieldProblem>> };

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/([1-9]\d{0,19})$/;
const NUMERIC_ID = /^[1-9]\d{0,19}$/;
// C0/C1 control characters other than tab and newline: never meaningful in a review, sometimes an attack.
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function characterCount(text: string): number {
  return [...text].length;
}

/** A product id as a storefront sends it (Liquid's numeric `product.id`, or a GID) → its GID. */
export function toProductGid(value: unknown): string | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (NUMERIC_ID.test(text)) return `gid://shopify/Product/${text}`;
  return PRODUCT_GID.test(text) ? text : null;
}

/** The app proxy's `logged_in_customer_id` (numeric) → the customer's GID; blank or malformed → null. */
export function toCustomerGid(loggedInCustomerId: string | null): string | null {
  const text = loggedInCustomerId?.trim() ?? "";
  return NUMERIC_ID.test(text) ? `gid://shopify/Customer/${text}` : null;
}

/** Shopper text as we store it: trimmed, newlines normalised, control characters removed. Never HTML-processed. */
export function cleanShopperText(value: unknown): string {
  if (typeof value !== "string") return "";
  return value.replace(/\r\n?/g, "\n").replace(CONTROL_CHARACTERS, "").trim();
}

function parseRating(value: unknown): number | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  return /^[1-5]$/.test(text) ? Number(text) : null;
}

/**
 * Validate a storefront review submission (form fields or JSON, as strings or numbers).
 * `website` is the honeypot: people never see it, form-filling bots do; a filled one is reported so the
 * caller can answer as if all went well and store nothing.
 */
export function parseReviewSubmission(input: Record<string, unknown>): ParsedSubmission {
  const errors: Partial<Record<ReviewField, FieldProblem>> = {};
  const productId = toProductGid(input.product_id);
  if (productId === null) errors.product_id = input.product_id === undefined || input.product_id === "" ? "required" : "invalid";
  const rating = parseRating(input.rating);
  if (rating === null) errors.rating = input.rating === undefined || input.rating === "" ? "required" : "invalid";
  const title = cleanShopperText(input.title);
  if (input.title != null && typeof input.title !== "string") errors.title = "invalid";
  else if (characterCount(title) > REVIEW_LIMITS.titleMax) errors.title = "too_long";
  const body = cleanShopperText(input.body);
  if (input.body != null && typeof input.body !== "string") errors.body = "invalid";
  else if (body === "") errors.body = "required";
  else if (characterCount(body) > REVIEW_LIMITS.bodyMax) errors.body = "too_long";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const honeypot = typeof input.website === "string" ? input.website.trim() !== "" : input.website !== undefined;
  return { ok: true, submission: { productId: productId!, rating: rating!, title, body }, honeypot };
}

export interface ModerationRules {
  /** Ratings at or above are published at once (Shop.reviewAutoPublishMinRating, default 4). */
  autoPublishMinRating: number;
  /** Ratings at or below wait for the merchant (Shop.reviewHoldMaxRating, default 2). */
  holdMaxRating: number;
}

export const DEFAULT_MODERATION_RULES: ModerationRules = { autoPublishMinRating: 4, holdMaxRating: 2 };

/**
 * The status of a new or edited review. Held ratings win over auto-publish when a merchant's settings
 * overlap. Ratings between the two thresholds (3★ by default) wait for moderation too: a review is
 * published without a person looking only when the merchant asked for it (docs/decisions/013).
 * A review the merchant hid stays hidden whatever the shopper edits.
 */
export function moderationStatus(rating: number, rules: ModerationRules, previous?: ReviewStatus): ReviewStatus {
  if (previous === "hidden") return "hidden";
  if (rating <= rules.holdMaxRating) return "pending";
  return rating >= rules.autoPublishMinRating ? "published" : "pending";
}

export function reviewNeedsCare(rating: number): boolean {
  return rating <= NEEDS_CARE_MAX_RATING;
}

// -------------------------------------------------------------------------------------------------
// Who may review: a verified buyer whose order of the product was fulfilled reviewDelayDays ago.

/** An order of the customer that bought the product, as the rules read it. */
export type PurchasedLine = Pick<OrderProductsRecord, "orderId"> &
  Pick<OrderLine, "productId"> &
  Pick<OrderRecord, "cancelled" | "test" | "totalPrice" | "totalRefunded" | "fulfilledAt">;

const DAY_MS = 24 * 60 * 60 * 1000;

export type ReviewEligibility =
  | { eligible: true; orderId: string }
  | { eligible: false; reason: "not_a_buyer" }
  | { eligible: false; reason: "not_yet"; eligibleFrom: Date };

/**
 * Shopify forbids fake reviews: only a customer who bought the product may review it, and only once an
 * order with it was fulfilled at least `delayDays` ago (the product has had time to arrive and be used).
 * The same rule as the review-request block's list (review-eligibility.ts), per product and with a reason.
 */
export function reviewEligibility(
  lines: readonly PurchasedLine[],
  productId: string,
  { now, delayDays }: { now: Date; delayDays: number },
): ReviewEligibility {
  const purchases = lines.filter((l) => l.productId === productId && makesABuyer(l));
  if (purchases.length === 0) return { eligible: false, reason: "not_a_buyer" };
  const fulfilled = purchases
    .filter((l): l is PurchasedLine & { fulfilledAt: Date } => l.fulfilledAt !== null)
    .sort((a, b) => a.fulfilledAt.getTime() - b.fulfilledAt.getTime());
  const first = fulfilled[0];
  if (!first) return { eligible: false, reason: "not_a_buyer" };
  const eligibleFrom = new Date(first.fulfilledAt.getTime() + delayDays * DAY_MS);
  if (eligibleFrom.getTime() > now.getTime()) return { eligible: false, reason: "not_yet", eligibleFrom };
  return { eligible: true, orderId: first.orderId };
}

// -------------------------------------------------------------------------------------------------
// NPS: "How likely are you to recommend us?" 0–10.

export type NpsCategory = "promoter" | "passive" | "detractor";

const NPS_COMMENT_MAX = 1000;

/** The lowest promoter score and the highest detractor score (the SQL that counts answers uses them too). */
export const NPS_PROMOTER_MIN = 9;
export const NPS_DETRACTOR_MAX = 6;

export function npsCategory(score: number): NpsCategory {
  if (score >= NPS_PROMOTER_MIN) return "promoter";
  return score > NPS_DETRACTOR_MAX ? "passive" : "detractor";
}

export type ParsedNpsAnswer =
  { ok: true; score: number; comment: string | null } | { ok: false; errors: Partial<Record<"score" | "comment", FieldProblem>> };

export function parseNpsAnswer(input: Record<string, unknown>): ParsedNpsAnswer {
  const text = typeof input.score === "number" ? String(input.score) : typeof input.score === "string" ? input.score.trim() : "";
  const errors: Partial<Record<"score" | "comment", FieldProblem>> = {};
  if (!/^(?:[0-9]|10)$/.test(text)) errors.score = input.score === undefined || input.score === "" ? "required" : "invalid";
  const comment = cleanShopperText(input.comment);
  if (input.comment != null && typeof input.comment !== "string") errors.comment = "invalid";
  else if (characterCount(comment) > NPS_COMMENT_MAX) errors.comment = "too_long";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, score: Number(text), comment: comment === "" ? null : comment };
}

export interface NpsSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** %promoters − %detractors, −100…100; null without answers. */
  score: number | null;
}

export function summarizeNps(scores: readonly number[]): NpsSummary {
  return summarizeNpsCounts(scores.map((score) => ({ score, answers: 1 })));
}

/** The same from how many answers gave each score (what the database counts for a period). */
export function summarizeNpsCounts(counts: readonly { score: number; answers: number }[]): NpsSummary {
  const summary: NpsSummary = { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null };
  for (const { score, answers } of counts) {
    summary.responses += answers;
    summary[`${npsCategory(score)}s`] += answers;
  }
  if (summary.responses > 0) summary.score = (100 * (summary.promoters - summary.detractors)) / summary.responses;
  return summary;
}

// -------------------------------------------------------------------------------------------------
// The PRODUCT metafield `$app:tsunagu`/`review_summary` the theme's reviews block reads.

export interface ReviewForSummary {
  rating: number;
  title: string;
  body: string;
  createdAt: Date;
  reply: string | null;
}

export interface ReviewSummary {
  /** mean rating of published reviews, one decimal; 0 without reviews */
  average: number;
  count: number;
  recent: { rating: number; title: string; body: string; createdAt: string; reply: string | null }[];
}

const REVIEW_SUMMARY_RECENT = 5;

/** Texts are carried as given: the block escapes them when it renders (Liquid `| escape`). */
export function buildReviewSummary(published: readonly ReviewForSummary[], recent = REVIEW_SUMMARY_RECENT): ReviewSummary {
  const count = published.length;
  const average = count === 0 ? 0 : Math.round((10 * published.reduce((sum, r) => sum + r.rating, 0)) / count) / 10;
  const newestFirst = [...published].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return {
    average,
    count,
    recent: newestFirst.slice(0, recent).map((r) => ({
      rating: r.rating,
      title: r.title,
      body: r.body,
      createdAt: r.createdAt.toISOString(),
      reply: r.reply,
    })),
  };
}

// -------------------------------------------------------------------------------------------------
// Advocacy figures for a period (the journey's advocacy stage reads these).

export interface Period {
  /** inclusive */
  start: Date;
  /** exclusive */
  end: Date;
}

export interface AdvocacyInput {
  reviews: readonly { customerId: string; rating: number; status: ReviewStatus; createdAt: Date }[];
  npsAnswers: readonly { score: number; createdAt: Date }[];
  /** Customers who could review in the period: those with an order fulfilled in it. */
  reviewableCustomerIds: ReadonlySet<string>;
  /** VIP customers ("share of VIPs who reviewed"). */
  vipCustomerIds?: ReadonlySet<string>;
}

export interface AdvocacyFigures {
  /** reviews written in the period (hidden ones — spam, abuse — left out) */
  reviews: number;
  /** distinct reviewers among reviewableCustomerIds ÷ their number; null when nobody could review */
  reviewRate: number | null;
  /** mean rating of those reviews; null without reviews */
  averageRating: number | null;
  /** VIPs who reviewed in the period ÷ VIPs; null without VIPs */
  vipReviewShare: number | null;
  nps: NpsSummary;
}

const inPeriod = (at: Date, { start, end }: Period) => at.getTime() >= start.getTime() && at.getTime() < end.getTime();

export function advocacyFigures(input: AdvocacyInput, period: Period): AdvocacyFigures {
  const reviews = input.reviews.filter((r) => r.status !== "hidden" && inPeriod(r.createdAt, period));
  const reviewers = new Set(reviews.map((r) => r.customerId));
  const reviewable = input.reviewableCustomerIds;
  const reviewedAmongReviewable = [...reviewable].filter((id) => reviewers.has(id)).length;
  const vips = input.vipCustomerIds ?? new Set<string>();
  return {
    reviews: reviews.length,
    reviewRate: reviewable.size === 0 ? null : reviewedAmongReviewable / reviewable.size,
    averageRating: reviews.length === 0 ? null : reviews.reduce((sum, r) => sum + r.rating, 0) / reviews.length,
    vipReviewShare: vips.size === 0 ? null : [...vips].filter((id) => reviewers.has(id)).length / vips.size,
    nps: summarizeNps(input.npsAnswers.filter((a) => inPeriod(a.createdAt, period)).map((a) => a.score)),
  };
}
