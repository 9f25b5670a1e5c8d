// The storefront's review endpoints behind the app proxy (/apps/tsunagu/reviews → /proxy/reviews).
//
// Answers (JSON, docs/decisions/013-storefront-reviews-and-nps.md):
//   201 created · 200 edited (edited: true) — one review per customer and product
//   400 invalid_signature (wrong or stale signature), invalid_body, invalid_input {fields}
//   413 too_large (refused before the signature is checked)
//   401 unsigned (no signature: not from Shopify's proxy), login_required (no logged_in_customer_id)
//   403 not_a_buyer, not_yet_eligible {eligibleFrom} — Shopify's "no fake reviews": verified buyers only
//   404 shop_not_installed · 409 review_hidden (the merchant hid this customer's review; an edit would
//   bypass moderation) · 429 rate_limited {retryAfterSeconds} per customer and per IP
// A filled honeypot gets the same 201 a real submission gets, and nothing is stored.
import { appNow } from "../clock.server";
import {
  buildReviewSummary,
  parseReviewSubmission,
  reviewEligibility,
  reviewNeedsCare,
  toCustomerGid,
  toProductGid,
} from "../domain/reviews";
import { jobQueue } from "../queue/job-queue.server";
import { getReviewSettings, loadPublishedReviews, saveReview } from "../models/review.server";
import { adminClientFor } from "../services/shop-sessions.server";
import { purchasedLines } from "../jobs/purchased-lines.server";
import { authenticate } from "../shopify.server";
import { BODY_BYTES_MAX, readLimitedBody } from "../http/read-limited-body.server";
import { clientAddress, jsonAnswer, jsonError, parseFields, rateLimitedAnswer } from "./json-response";
import { flagCustomerNeedsCare } from "./needs-care.server";
import { createRateLimiter } from "./rate-limiter.server";
import { storefrontPage } from "./storefront-page";

const TEN_MINUTES_MS = 10 * 60 * 1000;
// A shopper writes a handful of reviews at a time; a shared address (office, mobile carrier NAT) more.
const perCustomer = createRateLimiter("reviews-per-customer", { limit: 5, windowMs: TEN_MINUTES_MS });
const perAddress = createRateLimiter("reviews-per-address", { limit: 20, windowMs: TEN_MINUTES_MS });

const PUBLIC_REVIEWS_PAGE = 20;

/** The verified proxy request's shop, or the error answer (the signature is on the query string). */
export async function verifyProxyRequest(request: Request): Promise<{ shop: string } | { response: Response }> {
  const params = new URL(request.url).searchParams;
  if (!params.get("signature")) return { response: jsonError(401, "unsigned") };
  try {
    await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response) return { response: jsonError(400, "invalid_signature") };
    throw error;
  }
  return { shop: params.get("shop") ?? "" };
}

/**
 * POST a review. The theme block's script asks for JSON; without JavaScript the form posts as a page
 * navigation (Accept: text/html) and gets the same outcome as a short page in the shop's theme.
 */
export async function submitReview(request: Request): Promise<Response> {
  const answer = await handleSubmission(request);
  return request.headers.get("accept")?.includes("text/html") ? storefrontPage(answer) : answer;
}

async function handleSubmission(request: Request): Promise<Response> {
  const bytes = await readLimitedBody(request, BODY_BYTES_MAX.review);
  if (!bytes.ok) return bytes.response;
  const verified = await verifyProxyRequest(request);
  if ("response" in verified) return verified.response;
  const { shop } = verified;
  const now = appNow();

  const byAddress = rateLimitedAnswer(await perAddress.hit(`${shop}|${clientAddress(request)}`, Date.now()));
  if (byAddress) return byAddress;
  const customerId = toCustomerGid(new URL(request.url).searchParams.get("logged_in_customer_id"));
  if (!customerId) return jsonError(401, "login_required");
  const byCustomer = rateLimitedAnswer(await perCustomer.hit(`${shop}|${customerId}`, Date.now()));
  if (byCustomer) return byCustomer;

  const settings = await getReviewSettings(shop);
  if (!settings) return jsonError(404, "shop_not_installed");
  const body = await parseFields(bytes.bytes, request.headers.get("content-type") ?? "");
  if (!body.ok) return body.response;
  const parsed = parseReviewSubmission(body.fields);
  if (!parsed.ok) return jsonError(400, "invalid_input", { fields: parsed.errors });
  if (parsed.honeypot) return jsonAnswer(201, { ok: true, review: { status: "pending", edited: false } });

  const { submission } = parsed;
  const eligibility = reviewEligibility(
    await purchasedLines(shop, customerId, submission.productId, () => adminClientFor(shop)),
    submission.productId,
    {
      now,
      delayDays: settings.reviewDelayDays,
    },
  );
  if (!eligibility.eligible) {
    return eligibility.reason === "not_yet"
      ? jsonError(403, "not_yet_eligible", { eligibleFrom: eligibility.eligibleFrom.toISOString() })
      : jsonError(403, "not_a_buyer");
  }

  const saved = await saveReview(shop, customerId, eligibility.orderId, submission, settings, now);
  if (!saved.saved) return jsonError(409, "review_hidden");
  if (reviewNeedsCare(submission.rating)) await flagCustomerNeedsCare(shop, customerId);
  // The review request block stops asking for this product; the reviews block shows the new summary.
  await jobQueue.enqueue("review-eligibility", { shop, customerId });
  await jobQueue.enqueue(
    "publish-review-summary",
    { shop, productId: submission.productId },
    { singletonKey: `publish-review-summary:${submission.productId}` },
  );
  return jsonAnswer(saved.edited ? 200 : 201, { ok: true, review: { status: saved.status, edited: saved.edited } });
}

/** GET ?product_id=: the product's published reviews (newest 20) and summary; no login needed. */
export async function listProductReviews(request: Request): Promise<Response> {
  const verified = await verifyProxyRequest(request);
  if ("response" in verified) return verified.response;
  const productId = toProductGid(new URL(request.url).searchParams.get("product_id"));
  if (!productId) return jsonError(400, "invalid_input", { fields: { product_id: "invalid" } });
  const published = await loadPublishedReviews(verified.shop, productId);
  const summary = buildReviewSummary(published);
  return jsonAnswer(200, {
    ok: true,
    productId,
    average: summary.average,
    count: summary.count,
    reviews: published.slice(0, PUBLIC_REVIEWS_PAGE).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  });
}
