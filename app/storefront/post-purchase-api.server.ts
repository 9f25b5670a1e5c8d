// The backend of the thank-you (checkout) and order-status (customer account) UI extensions: the
// buyer's lifecycle stage for a fitting thank-you, and the one-question NPS answer. Requests carry the
// extension's session token (Authorization: Bearer …), verified with the app's secret by
// authenticate.public.checkout / customerAccount; the buyer is the token's `sub` (absent for guests).
//
// Answers (JSON, CORS for the extension's sandbox origin; docs/decisions/013):
//   GET  ?source=&order_id=  → 200 { stage, answered }
//   POST { source, order_id, score, comment } → 201 (the order's first answer) / 200 repeated: true
//   (the same answer again, a retried request: nothing changes)
//   400 invalid_input {fields} / invalid_body · 401 invalid_token · 403 not_your_order · 404 unknown_order
//   / shop_not_installed
//   409 already_answered (one answer per order: the first stays) · 413 too_large (before the token is
//   checked) · 429 rate_limited {retryAfterSeconds} per address and per token · 503 order_check_unavailable
// Guarding the order id: the token proves the request comes from this shop's checkout or customer
// account, not which order it is about. The order must exist in the shop — our synced copy, or
// Shopify's answer when it is not synced yet (the thank-you page shows before orders/create arrives) —
// and, when the token names a customer, be that customer's.
import crypto from "node:crypto";
import { appNow } from "../clock.server";
import { npsCategory, parseNpsAnswer } from "../domain/reviews";
import { findCustomerStage } from "../models/customer.server";
import { findNpsAnswer, findOrderCustomer, saveFirstNpsAnswer, type NpsSource } from "../models/nps.server";
import { adminClientIfInstalled } from "../services/shop-sessions.server";
import { fetchOrderOwner } from "../shopify/order-owner.server";
import { authenticate } from "../shopify.server";
import { BODY_BYTES_MAX, readLimitedBody } from "../http/read-limited-body.server";
import { hostedClientAddress, jsonAnswer, jsonError, parseFields, rateLimitedAnswer } from "./json-response";
import { flagCustomerNeedsCare } from "./needs-care.server";
import { createRateLimiter } from "./rate-limiter.server";

const TEN_MINUTES_MS = 10 * 60 * 1000;
// A buyer answers one order; a token lives 5 minutes. Refused attempts count, so guessing order ids stops quickly.
const perToken = createRateLimiter("nps-per-token", { limit: 5, windowMs: TEN_MINUTES_MS });
// A shared address (office, mobile carrier NAT) holds many buyers.
const perAddress = createRateLimiter("nps-per-address", { limit: 20, windowMs: TEN_MINUTES_MS });
const ORDER_GID = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/([1-9]\d{0,19})$/;

/** The order as the Admin API names it; the thank-you page may hand out an OrderIdentity GID. */
function toOrderGid(value: unknown): string | null {
  const match = typeof value === "string" ? ORDER_GID.exec(value.trim()) : null;
  return match ? `gid://shopify/Order/${match[1]}` : null;
}

function toSource(value: unknown): NpsSource | null {
  return value === "thank-you" || value === "order-status" ? value : null;
}

/** "https://shop.myshopify.com" or "shop.myshopify.com" → "shop.myshopify.com"; null when it names no host. */
function shopFromDest(dest: unknown): string | null {
  const text = String(dest ?? "");
  try {
    return new URL(text.includes("://") ? text : `https://${text}`).hostname || null;
  } catch {
    return null;
  }
}

interface Verified {
  shop: string;
  customerId: string | null;
  /** The token's own id (jti), else a digest of it: what the per-token limit counts. */
  tokenKey: string;
  cors: (response: Response) => Response;
}

async function verify(request: Request, source: NpsSource | null): Promise<Verified | { response: Response }> {
  const authenticatePublic = source === "order-status" ? authenticate.public.customerAccount : authenticate.public.checkout;
  try {
    const { sessionToken, cors } = await authenticatePublic(request);
    const sub = typeof sessionToken.sub === "string" && sessionToken.sub.startsWith("gid://shopify/Customer/") ? sessionToken.sub : null;
    const tokenKey = typeof sessionToken.jti === "string" && sessionToken.jti ? sessionToken.jti : bearerDigest(request);
    const shop = shopFromDest(sessionToken.dest);
    if (!shop) return { response: withOpenCors(jsonError(401, "invalid_token")) };
    return { shop, customerId: sub, tokenKey, cors };
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    // The preflight answer (204 with CORS headers) is thrown as a Response too: hand it back as it is.
    if (request.method === "OPTIONS") return { response: error };
    return { response: withOpenCors(jsonError(error.status, error.status === 401 ? "invalid_token" : "rejected")) };
  }
}

/** Error answers before we know the token is good still need CORS, or the extension cannot read them. */
function withOpenCors(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  return response;
}

function bearerDigest(request: Request): string {
  return crypto
    .createHash("sha256")
    .update(request.headers.get("authorization") ?? "")
    .digest("base64url");
}

const ORDER_CHECK_RETRIES = 1;

type OrderOwner = { customerId: string | null } | "unknown" | "shop_not_installed";

/** The order's customer from our synced copy, else from Shopify. */
async function orderOwner(shop: string, orderId: string): Promise<OrderOwner> {
  const stored = await findOrderCustomer(shop, orderId);
  if (stored) return stored;
  // A token of a shop that uninstalled the app (its offline session is gone): Shopify cannot be asked.
  // A buyer waits on the thank-you page: one retry (~0.5 s), not a job's minute of backoff, then 503.
  const admin = await adminClientIfInstalled(shop, { maxRetries: ORDER_CHECK_RETRIES });
  if (!admin) return "shop_not_installed";
  return (await fetchOrderOwner(admin, orderId)) ?? "unknown";
}

/** The state read (GET) asks only our synced copy: an order not synced yet reads as unanswered-or-not as stored. */
async function storedOrderAllows(shop: string, orderId: string, customerId: string | null): Promise<boolean> {
  const order = await findOrderCustomer(shop, orderId);
  return order === null || customerId === null || order.customerId === customerId;
}

export async function loadPostPurchaseState(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const verified = await verify(request, toSource(params.get("source")));
  if ("response" in verified) return verified.response;
  const { shop, customerId, cors } = verified;
  const orderId = toOrderGid(params.get("order_id"));
  if (!orderId) return cors(jsonError(400, "invalid_input", { fields: { order_id: "invalid" } }));
  const [stage, answer] = await Promise.all([
    customerId ? findCustomerStage(shop, customerId) : null,
    (await storedOrderAllows(shop, orderId, customerId)) ? findNpsAnswer(shop, orderId) : null,
  ]);
  return cors(jsonAnswer(200, { ok: true, stage, answered: answer !== null }));
}

export async function submitNpsAnswer(request: Request): Promise<Response> {
  // The source travels in the query so the right verifier is chosen before the body is read.
  const source = toSource(new URL(request.url).searchParams.get("source"));
  const bytes = await readLimitedBody(request, BODY_BYTES_MAX.npsAnswer);
  if (!bytes.ok) return withOpenCors(bytes.response);
  const verified = await verify(request, source);
  if ("response" in verified) return verified.response;
  const { shop, customerId, tokenKey, cors } = verified;
  const overLimit =
    rateLimitedAnswer(await perAddress.hit(`${shop}|${hostedClientAddress(request)}`, Date.now())) ??
    rateLimitedAnswer(await perToken.hit(`${shop}|${tokenKey}`, Date.now()));
  if (overLimit) return cors(overLimit);
  const body = await parseFields(bytes.bytes, request.headers.get("content-type") ?? "");
  if (!body.ok) return cors(body.response);
  const orderId = toOrderGid(body.fields.order_id);
  const parsed = parseNpsAnswer(body.fields);
  const fieldErrors = {
    ...(source ? {} : { source: "invalid" }),
    ...(orderId ? {} : { order_id: "invalid" }),
    ...(parsed.ok ? {} : parsed.errors),
  };
  if (!source || !orderId || !parsed.ok) return cors(jsonError(400, "invalid_input", { fields: fieldErrors }));

  let owner: OrderOwner;
  try {
    owner = await orderOwner(shop, orderId);
  } catch (error) {
    console.error(`post-purchase: the order check for ${shop} failed: ${String(error)}`);
    return cors(jsonError(503, "order_check_unavailable", { retryAfterSeconds: 30 }, { "Retry-After": "30" }));
  }
  if (owner === "shop_not_installed") return cors(jsonError(404, "shop_not_installed"));
  if (owner === "unknown") return cors(jsonError(404, "unknown_order"));
  if (customerId !== null && owner.customerId !== customerId) return cors(jsonError(403, "not_your_order"));

  const saved = await saveFirstNpsAnswer(shop, { customerId, orderId, score: parsed.score, comment: parsed.comment, source }, appNow());
  if (saved === "conflict") return cors(jsonError(409, "already_answered"));
  if (saved === "repeated") return cors(jsonAnswer(200, { ok: true, repeated: true }));
  if (customerId && npsCategory(parsed.score) === "detractor") await flagCustomerNeedsCare(shop, customerId);
  return cors(jsonAnswer(201, { ok: true, repeated: false }));
}
