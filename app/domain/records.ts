// The stored record of each concept, one type each: what app/shopify/ maps Shopify's shapes into (bulk
// JSONL lines, GraphQL answers, webhook payloads) and what app/models/ stores and loads. Only ids, times,
// amounts and statuses: names, e-mails, phones and addresses are dropped in the mappers, before these.
import type { JourneyRecord } from "./touchpoints/journey-record";
import type { OrderFact } from "./types";

/** An order (table Order): what the domain reads of it, Shopify's version and the first fulfilment. */
export interface OrderRecord extends OrderFact {
  /** Shopify's updatedAt: a change replaces the row only when it is newer. */
  shopifyUpdatedAt: Date;
  /** When the order was first fulfilled; null while unfulfilled. */
  fulfilledAt: Date | null;
}

/** A product an order bought, with the quantities of its lines of that product added up. */
export interface OrderLine {
  productId: string;
  quantity: number;
}

/** The products of one order (table OrderProducts: one row per order, replaced as a whole). */
export interface OrderProductsRecord {
  orderId: string;
  lines: readonly OrderLine[];
}

/** A customer (table Customer, the columns Shopify's data fills). */
export interface CustomerRecord {
  id: string;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
  shopifyRfmGroup: string | null;
  /** Only the tags carrying our prefix: the merchant's own tags are never stored. */
  ownedTags: string[];
  tagCount: number;
}

/** What every source tells of a customer: a customers/* webhook, or the buyer of an order. */
export type CustomerTimes = Pick<CustomerRecord, "id" | "shopifyCreatedAt" | "shopifyUpdatedAt">;

// Changes told by webhooks or read back by reconciliation, applied through one path
// (app/jobs/process-webhooks.server.ts). A webhook's wait in WebhookEvent.facts as JSON (times as ISO
// strings, read back as dates in app/models/webhook-event.server.ts).

/** An order as Shopify has it now, with its products. */
export interface OrderFacts extends OrderRecord {
  kind: "order";
  /** The buyer's times, when the source carries them (null for a guest, or when the payload lacks them). */
  customer: CustomerTimes | null;
  /** A refund's shop-currency amount is not in the payload: read the order from Shopify. */
  refundsNeedReread?: true;
  lines: OrderLine[];
  /**
   * The order's journey as read with these facts: the webhook's provisional one (landing_site,
   * referring_site, source_name), or Shopify's summary when the order was read by GraphQL (map-journey.ts).
   */
  journey?: JourneyRecord;
  /**
   * Subscription facts (docs/decisions/032): the distinct selling plans on its lines (line_items
   * selling_plan_id, in payloads from 2026-10) and whether a subscription app created it (source_name
   * "subscription_contract"). Absent on orders re-read through GraphQL.
   */
  subscription?: { sellingPlanIds: string[]; renewal: boolean };
}

export interface CustomerFacts extends CustomerTimes {
  kind: "customer";
}

/** refunds/create does not carry the order's totals: the order is re-read when this is news. */
export interface RefundFacts {
  kind: "refund";
  orderId: string;
  createdAt: Date;
}

export interface DeletedCustomerFacts {
  kind: "customer-deleted";
  id: string;
}

export type WebhookFacts = OrderFacts | CustomerFacts | RefundFacts | DeletedCustomerFacts;
