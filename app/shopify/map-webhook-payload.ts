// Webhook bodies (REST resource JSON, API 2026-10) -> the stored records (app/domain/records.ts) as
// facts of a change. Everything else — names, e-mails, phones, addresses, notes — is dropped here,
// before anything is stored. Facts wait in WebhookEvent.facts until a job applies them.
//
// Only what each row needs is read, as Shopify really sends it (tests/fixtures/webhooks/):
// - ids stay strings end to end: the body is parsed with 64-bit integers kept as digits
//   (app/http/parse-json.ts) and every GID is checked against its digits, so an id that is not one
//   (a lone surrogate, a rounded number) is refused here, never stored;
// - an order needs its buyer's id only; the buyer's times come along when the payload has them
//   (Shopify's own samples carry null created_at/updated_at) — otherwise the order is re-read;
// - refunded money is the shop's currency: a refund transaction's amount_set.shop_money, or its
//   amount when it was paid in the shop's currency. A refund paid in another currency without
//   shop money has the order re-read from Shopify (totalRefundedSet.shopMoney). Only transactions
//   with status "success" count: a "pending" refund has not returned money yet, and its success
//   arrives as orders/updated;
// - products bought are the lines' current_quantity (after edits and refunds), quantity on older
//   payloads without it.

import type { CustomerFacts, CustomerTimes, OrderFacts, WebhookFacts } from "../domain/records";
import { RENEWAL_SOURCE_NAME } from "../domain/subscriptions/detect-subscriptions";
import { journeyFromRestOrder } from "./map-journey";

export type WebhookTopic =
  "orders/create" | "orders/updated" | "orders/cancelled" | "refunds/create" | "customers/create" | "customers/update" | "customers/delete";

export const WEBHOOK_TOPICS: readonly WebhookTopic[] = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
];

export class WebhookPayloadError extends Error {
  constructor(topic: string, problem: string) {
    super(`${topic} payload: ${problem}`);
    this.name = "WebhookPayloadError";
  }
}

type Json = Record<string, unknown>;

const NUMERIC_ID = /^[1-9]\d{0,19}$/;

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return (WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

/** The resource GID the facts are about (the order for a refund). */
export function resourceIdOf(facts: WebhookFacts): string {
  return facts.kind === "refund" ? facts.orderId : facts.id;
}

export function mapWebhookPayload(topic: WebhookTopic, payload: unknown): WebhookFacts {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new WebhookPayloadError(topic, "the body is not a JSON object");
  }
  const body = payload as Json;
  const read = new Reader(topic, body);
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return mapOrder(read, body);
    case "refunds/create":
      return {
        kind: "refund",
        orderId: `gid://shopify/Order/${read.id("order_id")}`,
        createdAt: read.time("created_at"),
      };
    case "customers/create":
    case "customers/update":
      return { kind: "customer", ...mapCustomer(read) } satisfies CustomerFacts;
    case "customers/delete":
      return { kind: "customer-deleted", id: read.gid("Customer") };
  }
}

function mapCustomer(read: Reader): CustomerTimes {
  return { id: read.gid("Customer"), shopifyCreatedAt: read.time("created_at"), shopifyUpdatedAt: read.time("updated_at") };
}

function mapOrder(read: Reader, body: Json): OrderFacts {
  const buyer = body.customer;
  const buyerRead = buyer && typeof buyer === "object" && !Array.isArray(buyer) ? new Reader(read.topic, buyer as Json, "customer.") : null;
  const customerId = buyerRead ? buyerRead.gid("Customer") : null;
  const customer = buyerRead?.hasTime("created_at") && buyerRead.hasTime("updated_at") ? mapCustomer(buyerRead) : null;
  const fulfillmentTimes = read
    .list("fulfillments")
    .filter((f) => !["cancelled", "error", "failure"].includes(String(f.status ?? "success")))
    .map((f) => Date.parse(String(f.created_at)))
    .filter((t) => !Number.isNaN(t));
  const quantities = new Map<string, number>();
  const sellingPlanIds = new Set<string>();
  for (const line of read.list("line_items")) {
    if (line.selling_plan_id !== null && line.selling_plan_id !== undefined) {
      sellingPlanIds.add(`gid://shopify/SellingPlan/${new Reader(read.topic, line, "line_items.").id("selling_plan_id")}`);
    }
    if (line.product_id === null || line.product_id === undefined) continue; // custom item: no product
    const lineRead = new Reader(read.topic, line, "line_items.");
    const productId = `gid://shopify/Product/${lineRead.id("product_id")}`;
    const bought = line.current_quantity ?? line.quantity;
    const quantity = Number(bought);
    if (!Number.isInteger(quantity) || quantity < 0) throw new WebhookPayloadError(read.topic, `line_items quantity ${String(bought)}`);
    quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  }
  const shopCurrency = typeof body.currency === "string" ? body.currency : null;
  const presentmentCurrency = typeof body.presentment_currency === "string" ? body.presentment_currency : shopCurrency;
  let refundedCents = 0;
  let refundsNeedReread = false;
  for (const refund of read.list("refunds")) {
    for (const transaction of new Reader(read.topic, refund, "refunds.").list("transactions")) {
      if (transaction.kind !== "refund" || transaction.status !== "success") continue;
      const shopMoney = shopMoneyOf(transaction.amount_set);
      const paidIn = typeof transaction.currency === "string" ? transaction.currency : presentmentCurrency;
      const amount = shopMoney ?? (paidIn === shopCurrency ? transaction.amount : undefined);
      if (amount === undefined) refundsNeedReread = true;
      else refundedCents += Math.round(read.amount(amount, "refunds.transactions.amount") * 100);
    }
  }
  const status = body.financial_status;
  const journey = journeyFromRestOrder(body);
  return {
    kind: "order",
    id: read.gid("Order"),
    customerId,
    customer,
    processedAt: read.time("processed_at"),
    shopifyUpdatedAt: read.time("updated_at"),
    totalPrice: read.amount(shopMoneyOf(body.total_price_set) ?? body.total_price, "total_price"),
    totalRefunded: refundedCents / 100,
    ...(refundsNeedReread ? { refundsNeedReread: true as const } : {}),
    cancelled: body.cancelled_at !== null && body.cancelled_at !== undefined,
    test: body.test === true,
    financialStatus: typeof status === "string" ? status.toUpperCase() : null,
    fulfilledAt: fulfillmentTimes.length ? new Date(Math.min(...fulfillmentTimes)) : null,
    lines: [...quantities].filter(([, quantity]) => quantity > 0).map(([productId, quantity]) => ({ productId, quantity })),
    journey,
    subscription: { sellingPlanIds: [...sellingPlanIds], renewal: body.source_name === RENEWAL_SOURCE_NAME },
  };
}

/** `{ shop_money: { amount } }` → the amount, or undefined. */
function shopMoneyOf(set: unknown): unknown {
  const shopMoney = set && typeof set === "object" ? (set as Json).shop_money : undefined;
  return shopMoney && typeof shopMoney === "object" ? (shopMoney as Json).amount : undefined;
}

class Reader {
  constructor(
    readonly topic: string,
    private readonly body: Json,
    private readonly path = "",
  ) {}

  /** A Shopify id as its digits: a safe integer, or a 64-bit one the parser kept as a string. */
  id(field: string): string {
    const value = this.body[field];
    if ((typeof value === "number" && Number.isSafeInteger(value) && value > 0) || (typeof value === "string" && NUMERIC_ID.test(value))) {
      return String(value);
    }
    throw new WebhookPayloadError(this.topic, `${this.path}${field} must be a numeric id, got ${JSON.stringify(value)}`);
  }

  /** admin_graphql_api_id when it is a well-formed GID of the type, else the GID built from the numeric id. */
  gid(type: string): string {
    const gid = this.body.admin_graphql_api_id;
    const prefix = `gid://shopify/${type}/`;
    if (typeof gid === "string" && gid.startsWith(prefix) && NUMERIC_ID.test(gid.slice(prefix.length))) return gid;
    return prefix + this.id("id");
  }

  hasTime(field: string): boolean {
    const value = this.body[field];
    return typeof value === "string" && !Number.isNaN(Date.parse(value));
  }

  time(field: string): Date {
    const value = this.body[field];
    const ms = typeof value === "string" ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw new WebhookPayloadError(this.topic, `${this.path}${field} must be a time, got ${JSON.stringify(value)}`);
    return new Date(ms);
  }

  amount(value: unknown, field: string): number {
    const amount = typeof value === "string" || typeof value === "number" ? Number(value) : NaN;
    if (!Number.isFinite(amount))
      throw new WebhookPayloadError(this.topic, `${field} must be a decimal amount, got ${JSON.stringify(value)}`);
    return amount;
  }

  /** The field's objects; a list holding anything else (null, a number) is a broken payload. */
  list(field: string): Json[] {
    const value = this.body[field];
    if (!Array.isArray(value)) return [];
    if (!value.every((item) => item !== null && typeof item === "object" && !Array.isArray(item))) {
      throw new WebhookPayloadError(this.topic, `${this.path}${field} must be a list of objects`);
    }
    return value as Json[];
  }
}
