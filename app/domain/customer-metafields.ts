// The values Tsunagu writes to each customer's app-owned metafields, for Shopify's own customer segments
// and Flow (docs/decisions/044-customer-metafields-for-native-segments.md): the lifecycle segment and,
// only while the shop's holdout check publishes them (app/domain/clv/predict-shop.ts), the predicted
// 12-month value, P(alive) and the expected next order date. A number the app's pages hide is never
// written: the values come from the same stored predictions the pages show, behind the same gates.
//
// Values are metafield value strings, rounded to what a segment filter needs, so that a daily refit —
// which moves every customer's numbers a little — changes few of them and only changed customers are
// written. Pure: the time zone is an argument.

import { formatEpochDay, localDay } from "./calendar";
import type { LifecycleStage } from "./types";

/** The metafields, in the order they are written. */
const CUSTOMER_METAFIELD_FIELDS = ["lifecycleSegment", "predictedValue12m", "pAlive", "expectedNextOrderDate"] as const;
export type CustomerMetafieldField = (typeof CUSTOMER_METAFIELD_FIELDS)[number];

/** A customer's metafield values; null: no metafield (deleted, or never written). */
export type CustomerMetafieldValues = Record<CustomerMetafieldField, string | null>;

export const NO_CUSTOMER_METAFIELDS: CustomerMetafieldValues = {
  lifecycleSegment: null,
  predictedValue12m: null,
  pAlive: null,
  expectedNextOrderDate: null,
};

/**
 * Significant digits of the predicted value (12,345 → 12,000). A daily refit moves nearly every
 * customer's value: on CDNOW from 1998-07-01 to 07-02, 3 digits would rewrite 23,121 of 23,570
 * customers, 2 digits 6,697 (28 %).
 */
const PREDICTED_VALUE_DIGITS = 2;
/** Decimals of P(alive) (0.734 → 0.73). */
const P_ALIVE_DECIMALS = 2;
/** Past this many days between purchases, no next order date: the model expects less than one order a year. */
const MAX_EXPECTED_INTERVAL_DAYS = 365;
/** The horizon of the stored expected purchases (EXPECTED_PURCHASES_DAYS in predict-shop.ts). */
const EXPECTED_PURCHASES_DAYS = 365;

/** What is stored about one customer (Customer row, app/models/customer-metafield.server.ts). */
export interface CustomerMetafieldFacts {
  customerId: string;
  stage: LifecycleStage;
  lastOrderAt: Date | null;
  /** null when the fit or its P(alive) gate withheld it */
  pAlive: number | null;
  /** expected repeat purchase days in the next 365 days */
  expectedPurchases365: number | null;
  predictedClv12m: number | null;
}

/** What the shop's last fit published (ShopPrediction.ok / showPAlive). */
export interface PublishedPredictions {
  ok: boolean;
  showPAlive: boolean;
}

/** `value` rounded to `digits` significant digits and at most 2 decimals, as a number_decimal string. */
export function roundSignificant(value: number, digits: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as a decimal.`);
  const rounded = Math.round(Number(value.toPrecision(digits)) * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * The expected next order date (shop's local date): the last order's date plus the customer's expected
 * days between purchases while active, 365 × P(alive) ÷ expected purchase days in the next 365 days
 * (the model's expected purchases are P(alive) × the expected purchases if alive, so this divides the
 * year by the purchases expected of an active customer). Null without a published P(alive), without a
 * positive expectation, or when that interval exceeds MAX_EXPECTED_INTERVAL_DAYS. A date in the past
 * means the customer is overdue by their own pace.
 */
export function expectedNextOrderDate(
  facts: Pick<CustomerMetafieldFacts, "lastOrderAt" | "pAlive" | "expectedPurchases365">,
  timeZone: string,
): string | null {
  const { lastOrderAt, pAlive, expectedPurchases365 } = facts;
  if (lastOrderAt === null || pAlive === null || expectedPurchases365 === null) return null;
  if (!(pAlive > 0) || !(expectedPurchases365 > 0)) return null;
  const intervalDays = (EXPECTED_PURCHASES_DAYS * pAlive) / expectedPurchases365;
  if (!(intervalDays <= MAX_EXPECTED_INTERVAL_DAYS)) return null;
  return formatEpochDay(localDay(lastOrderAt, timeZone) + Math.round(intervalDays));
}

/** The metafield values of one customer. Prospects (no qualifying order) carry none. */
export function customerMetafieldValues(
  facts: CustomerMetafieldFacts,
  published: PublishedPredictions,
  timeZone: string,
): CustomerMetafieldValues {
  if (facts.stage === "prospect") return NO_CUSTOMER_METAFIELDS;
  const pAlive = published.ok && published.showPAlive ? facts.pAlive : null;
  const predictedClv12m = published.ok ? facts.predictedClv12m : null;
  return {
    lifecycleSegment: facts.stage,
    predictedValue12m: predictedClv12m === null ? null : roundSignificant(predictedClv12m, PREDICTED_VALUE_DIGITS),
    pAlive: pAlive === null ? null : pAlive.toFixed(P_ALIVE_DECIMALS),
    expectedNextOrderDate: expectedNextOrderDate({ ...facts, pAlive }, timeZone),
  };
}

export interface CustomerMetafieldWrite {
  customerId: string;
  /** the customer's values once written */
  values: CustomerMetafieldValues;
  /** fields whose value changed to a value: metafieldsSet */
  set: CustomerMetafieldField[];
  /** fields whose value became empty: metafieldsDelete */
  remove: CustomerMetafieldField[];
}

/**
 * The writes that bring Shopify from `written` to `desired`: only customers with a changed field, and
 * for each only its changed fields, in customer id order. Customers absent from `desired` are not
 * written (a customer deleted on Shopify took its metafields with it).
 */
export function planCustomerMetafieldWrites(
  desired: ReadonlyMap<string, CustomerMetafieldValues>,
  written: ReadonlyMap<string, CustomerMetafieldValues>,
): CustomerMetafieldWrite[] {
  const writes: CustomerMetafieldWrite[] = [];
  for (const [customerId, values] of desired) {
    const before = written.get(customerId) ?? NO_CUSTOMER_METAFIELDS;
    const changed = CUSTOMER_METAFIELD_FIELDS.filter((field) => values[field] !== before[field]);
    if (changed.length === 0) continue;
    writes.push({
      customerId,
      values,
      set: changed.filter((field) => values[field] !== null),
      remove: changed.filter((field) => values[field] === null),
    });
  }
  return writes.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** Whether a customer carries no metafield at all (its stored state row can go). */
export function isEmpty(values: CustomerMetafieldValues): boolean {
  return CUSTOMER_METAFIELD_FIELDS.every((field) => values[field] === null);
}
