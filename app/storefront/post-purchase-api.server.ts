// The backend of the thank-you (checkout) and order-status (customer account) UI extensions: the
// buyer's lifecycle stage for a fitting thank-you, and the one-question NPS answer. Requests carry the
// extension's session token (Authorization: Bearer …), verified with the app's secret by
// authenticate.public.checkout / customerAccount; the buyer is the token's `sub` (absent for guests).
//
// Answers (JSON, CORS for the extension's sandbox origin):
//   GET  ?source=&order_id=  → 200 { stage, answered }
//   POST { source, order_id, score, comment } → 201 (first answer) / 200 (replaced: one per order)
//   400 invalid_input {fields} / invalid_body · 401 invalid_token · 403 not_your_order
//   413 too_large (before the token is checked) · 429 rate_limited
// Guarding the order id: the token proves the request comes from this shop's checkout or customer
// account, not which order it is about; an order we have synced must belong to the token's customer.
import { appNow } from "../clock.server";
import { npsCategory, parseNpsAnswer } from "../domain/reviews";
import { findCustomerStage } from "../models/customer.server";
import { findNpsAnswer, findOrderCustomer, saveNpsAnswer, type NpsSource } from "../models/nps.server";
import { authenticate } from "../shopify.server";
import { BODY_BYTES_MAX, readLimitedBody } from "../http/read-limited-body.server";
import { jsonAnswer, jsonError, parseFields } from "./json-response";
import { flagCustomerNeedsCare } from "./needs-care.server";
import { createRateLimiter } from "./rate-limiter.server";

const perOrder = createRateLimiter("nps-per-order", { limit: 10, windowMs: 10 * 60 * 1000 });
const ORDER_GID = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/([1-9]\d{0,19})$/;

/** The order as the Admin API names it; the thank-you page may hand out an OrderIdentity GID. */
export function toOrderGid(value: unknown): string | null {
  const match = typeof value === "string" ? ORDER_GID.exec(value.trim()) : null;
  return match ? `gid://shopify/Order/${match[1]}` : null;
}

function toSource(value: unknown): NpsSource | null {
  return value === "thank-you" || value === "order-status" ? value : null;
}

/** "https://shop.myshopify.com" or "shop.myshopify.com" → "shop.myshopify.com". */
function shopFromDest(dest: unknown): string {
  const text = String(dest ?? "");
  return new URL(text.includes("://") ? text : `https://${text}`).hostname;
}

interface Verified {
  shop: string;
  customerId: string | null;
  cors: (response: Response) => Response;
}

async function verify(request: Request, source: NpsSource | null): Promise<Verified | { response: Response }> {
  const authenticatePublic = source === "order-status" ? authenticate.public.customerAccount : authenticate.public.checkout;
  try {
    const { sessionToken, cors } = await authenticatePublic(request);
    const sub = typeof sessionToken.sub === "string" && sessionToken.sub.startsWith("gid://shopify/Customer/") ? sessionToken.sub : null;
    return { shop: shopFromDest(sessionToken.dest), customerId: sub, cors };
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

async function orderBelongsToBuyer(shop: string, orderId: string, customerId: string | null): Promise<boolean> {
  const order = await findOrderCustomer(shop, orderId);
  // Not synced yet (the thank-you page shows seconds after checkout): nothing to check against.
  return order === null || order.customerId === customerId;
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
    (await orderBelongsToBuyer(shop, orderId, customerId)) ? findNpsAnswer(shop, orderId) : null,
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
  const { shop, customerId, cors } = verified;
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

  const limit = await perOrder.hit(`${shop}|${orderId}`, Date.now());
  if (!limit.allowed) {
    return cors(jsonError(429, "rate_limited", { retryAfterSeconds: limit.retryAfterSeconds }, { "Retry-After": String(limit.retryAfterSeconds) }));
  }
  if (!(await orderBelongsToBuyer(shop, orderId, customerId))) return cors(jsonError(403, "not_your_order"));

  const { replaced } = await saveNpsAnswer(shop, { customerId, orderId, score: parsed.score, comment: parsed.comment, source }, appNow());
  if (customerId && npsCategory(parsed.score) === "detractor") await flagCustomerNeedsCare(shop, customerId);
  return cors(jsonAnswer(replaced ? 200 : 201, { ok: true, replaced }));
}
