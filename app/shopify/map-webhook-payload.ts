// Webhook bodies (REST resource JSON, API 2026-10) -> the few facts the domain needs. Everything
// else — names, e-mails, phones, addresses, notes — is dropped here, before anything is stored.
// Facts are JSON (dates as ISO strings): they wait in WebhookEvent.facts until a job applies them.

export type WebhookTopic =
  | "orders/create"
  | "orders/updated"
  | "orders/cancelled"
  | "refunds/create"
  | "customers/create"
  | "customers/update"
  | "customers/delete";

export const WEBHOOK_TOPICS: readonly WebhookTopic[] = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
];

export interface OrderFacts {
  kind: "order";
  id: string;
  /** The buyer as the order payload shows them (null for a guest checkout). */
  customer: CustomerFacts | null;
  processedAt: string;
  updatedAt: string;
  /** Shop currency, as charged. */
  totalPrice: number;
  /** Sum of the successful refund transactions. */
  totalRefunded: number;
  cancelled: boolean;
  test: boolean;
  /** As GraphQL's displayFinancialStatus spells it ("PAID", "PARTIALLY_REFUNDED", …). */
  financialStatus: string | null;
  /** The first fulfilment's time; null while unfulfilled. */
  fulfilledAt: string | null;
  /** One entry per product (quantities of lines of the same product added up). */
  lines: { productId: string; quantity: number }[];
}

export interface CustomerFacts {
  kind: "customer";
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** refunds/create does not carry the order's totals: the order is re-read when this is news. */
export interface RefundFacts {
  kind: "refund";
  orderId: string;
  createdAt: string;
}

export interface DeletedCustomerFacts {
  kind: "customer-deleted";
  id: string;
}

export type WebhookFacts = OrderFacts | CustomerFacts | RefundFacts | DeletedCustomerFacts;

export class WebhookPayloadError extends Error {
  constructor(topic: string, problem: string) {
    super(`${topic} payload: ${problem}`);
    this.name = "WebhookPayloadError";
  }
}

type Json = Record<string, unknown>;

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
      return mapCustomer(read);
    case "customers/delete":
      return { kind: "customer-deleted", id: read.gid("Customer") };
  }
}

function mapCustomer(read: Reader): CustomerFacts {
  return { kind: "customer", id: read.gid("Customer"), createdAt: read.time("created_at"), updatedAt: read.time("updated_at") };
}

function mapOrder(read: Reader, body: Json): OrderFacts {
  const buyer = body.customer as Json | null | undefined;
  const customer = buyer && typeof buyer === "object" ? mapCustomer(new Reader(read.topic, buyer, "customer.")) : null;
  const fulfillmentTimes = read
    .list("fulfillments")
    .filter((f) => !["cancelled", "error", "failure"].includes(String(f.status ?? "success")))
    .map((f) => Date.parse(String(f.created_at)))
    .filter((t) => !Number.isNaN(t));
  const quantities = new Map<string, number>();
  for (const line of read.list("line_items")) {
    if (line.product_id === null || line.product_id === undefined) continue; // custom item: no product
    const productId = `gid://shopify/Product/${line.product_id}`;
    const quantity = Number(line.quantity);
    if (!Number.isInteger(quantity) || quantity < 0) throw new WebhookPayloadError(read.topic, `line_items quantity ${String(line.quantity)}`);
    quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  }
  let refundedCents = 0;
  for (const refund of read.list("refunds")) {
    for (const transaction of new Reader(read.topic, refund, "refunds.").list("transactions")) {
      if (transaction.kind === "refund" && transaction.status === "success") {
        refundedCents += Math.round(read.amount(transaction.amount, "refunds.transactions.amount") * 100);
      }
    }
  }
  const shopMoney = ((body.total_price_set as Json | undefined)?.shop_money as Json | undefined)?.amount;
  const status = body.financial_status;
  return {
    kind: "order",
    id: read.gid("Order"),
    customer,
    processedAt: read.time("processed_at"),
    updatedAt: read.time("updated_at"),
    totalPrice: read.amount(shopMoney ?? body.total_price, "total_price"),
    totalRefunded: refundedCents / 100,
    cancelled: body.cancelled_at !== null && body.cancelled_at !== undefined,
    test: body.test === true,
    financialStatus: typeof status === "string" ? status.toUpperCase() : null,
    fulfilledAt: fulfillmentTimes.length ? new Date(Math.min(...fulfillmentTimes)).toISOString() : null,
    lines: [...quantities].map(([productId, quantity]) => ({ productId, quantity })),
  };
}

class Reader {
  constructor(
    readonly topic: string,
    private readonly body: Json,
    private readonly path = "",
  ) {}

  id(field: string): string {
    const value = this.body[field];
    if ((typeof value === "number" && Number.isSafeInteger(value) && value > 0) || (typeof value === "string" && /^\d+$/.test(value))) {
      return String(value);
    }
    throw new WebhookPayloadError(this.topic, `${this.path}${field} must be a numeric id, got ${JSON.stringify(value)}`);
  }

  /** admin_graphql_api_id when present, else the GID built from the numeric id. */
  gid(type: string): string {
    const gid = this.body.admin_graphql_api_id;
    if (typeof gid === "string" && gid.startsWith(`gid://shopify/${type}/`)) return gid;
    return `gid://shopify/${type}/${this.id("id")}`;
  }

  time(field: string): string {
    const value = this.body[field];
    const ms = typeof value === "string" ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw new WebhookPayloadError(this.topic, `${this.path}${field} must be a time, got ${JSON.stringify(value)}`);
    return new Date(ms).toISOString();
  }

  amount(value: unknown, field: string): number {
    const amount = typeof value === "string" || typeof value === "number" ? Number(value) : NaN;
    if (!Number.isFinite(amount)) throw new WebhookPayloadError(this.topic, `${field} must be a decimal amount, got ${JSON.stringify(value)}`);
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
