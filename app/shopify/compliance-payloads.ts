// The payloads of Shopify's privacy webhooks, read defensively: a payload we cannot understand is
// answered 400 (Shopify shows the failure to us), never half-applied.
const CUSTOMER_GID = "gid://shopify/Customer/";
const ORDER_GID = "gid://shopify/Order/";

export class CompliancePayloadError extends Error {}

function numericId(value: unknown, what: string): string {
  if ((typeof value === "number" && Number.isSafeInteger(value) && value > 0) || (typeof value === "string" && /^\d{1,20}$/.test(value))) {
    return String(value);
  }
  throw new CompliancePayloadError(`${what} must be a numeric Shopify id`);
}

function orderIds(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CompliancePayloadError(`${what} must be an array of order ids`);
  return value.map((id) => ORDER_GID + numericId(id, what));
}

function customerOf(payload: Record<string, unknown>): string {
  const customer = payload.customer as Record<string, unknown> | undefined;
  if (!customer || typeof customer !== "object") throw new CompliancePayloadError("customer is missing");
  return CUSTOMER_GID + numericId(customer.id, "customer.id");
}

export function parseDataRequest(payload: unknown): { customerId: string; ordersRequested: string[]; shopifyRequestId: string | null } {
  const body = (payload ?? {}) as Record<string, unknown>;
  const request = body.data_request as Record<string, unknown> | undefined;
  return {
    customerId: customerOf(body),
    ordersRequested: orderIds(body.orders_requested, "orders_requested"),
    shopifyRequestId: request && request.id !== undefined ? numericId(request.id, "data_request.id") : null,
  };
}

export function parseCustomerRedact(payload: unknown): { customerId: string; ordersToRedact: string[] } {
  const body = (payload ?? {}) as Record<string, unknown>;
  return { customerId: customerOf(body), ordersToRedact: orderIds(body.orders_to_redact, "orders_to_redact") };
}
