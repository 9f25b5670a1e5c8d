// What the storefront blocks may show a logged-in customer (docs/domain.md §5), decided here
// and written by the app into app-owned customer metafields the theme reads without any request:
//  - reviewable products: bought in an order fulfilled at least `delayDays` ago and processed within
//    the last `purchaseWindowDays`, and not yet reviewed (Shopify's "no fake reviews" rule: only real
//    buyers review; a cancelled, test or fully refunded order makes no one a buyer). Older purchases
//    are not asked about (a year on, a review request is noise), and the backfill reads line items for
//    that window only (docs/decisions/018); a buyer may still review an older purchase on the form;
//  - welcome back: the customer came back from dormancy (dormant/churned → an active stage) within
//    the last `windowDays` and has not lapsed again since.
// Pure: time is the `asOf` argument.
import type { OrderProductsRecord, OrderRecord } from "./records";
import type { LifecycleStage } from "./types";

export const REVIEW_ELIGIBILITY_RULES = {
  /** Shop.reviewDelayDays' default: the product has arrived and been used for a while. */
  delayDays: 14,
  /** How long after coming back the thank-you block greets the customer as returning. */
  welcomeBackDays: 30,
  /** Orders processed this many days before `asOf` or later make their products reviewable. */
  purchaseWindowDays: 365,
  /** Most recently fulfilled products kept; a list metafield holds at most 128 references. */
  maxReviewableProducts: 50,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored order of a known customer, as the rules read it, with the products it bought. */
export type PurchasedOrder = Pick<OrderRecord, "processedAt" | "fulfilledAt" | "cancelled" | "test" | "totalPrice" | "totalRefunded"> &
  Pick<OrderProductsRecord, "lines"> & { customerId: string };

export interface StageTransition {
  customerId: string;
  fromStage: string | null;
  toStage: string;
  at: Date;
}

/** The storefront state of one customer, as the metafields hold it. */
export interface StorefrontState {
  /** Product GIDs, most recently fulfilled first. */
  reviewableProducts: string[];
  welcomeBack: boolean;
}

const EMPTY_STOREFRONT_STATE: StorefrontState = { reviewableProducts: [], welcomeBack: false };

const LAPSED: readonly string[] = ["dormant", "churned"] satisfies LifecycleStage[];
const ACTIVE: readonly string[] = ["new", "regular", "vip"] satisfies LifecycleStage[];

/** A cancelled, test or fully refunded order (refunds cover a non-zero total) makes no one a buyer. */
export function makesABuyer(order: Pick<OrderRecord, "cancelled" | "test" | "totalPrice" | "totalRefunded">): boolean {
  const fullyRefunded = order.totalPrice > 0 && order.totalRefunded >= order.totalPrice;
  return !order.cancelled && !order.test && !fullyRefunded;
}

/**
 * Products the customer may review as of `asOf`: from buying orders processed within the purchase
 * window and fulfilled at least `delayDays` before, minus the products already reviewed; most recently
 * fulfilled first, ties by id.
 */
export function reviewableProducts(
  orders: readonly PurchasedOrder[],
  reviewedProductIds: ReadonlySet<string>,
  { asOf, delayDays = REVIEW_ELIGIBILITY_RULES.delayDays }: { asOf: Date; delayDays?: number },
): string[] {
  const openedBy = asOf.getTime() - delayDays * DAY_MS;
  const windowStart = asOf.getTime() - REVIEW_ELIGIBILITY_RULES.purchaseWindowDays * DAY_MS;
  const latestFulfilment = new Map<string, number>();
  for (const order of orders) {
    const fulfilled = order.fulfilledAt?.getTime();
    if (fulfilled === undefined || fulfilled > openedBy || order.processedAt.getTime() < windowStart || !makesABuyer(order)) continue;
    for (const { productId } of order.lines) {
      if (reviewedProductIds.has(productId)) continue;
      latestFulfilment.set(productId, Math.max(latestFulfilment.get(productId) ?? fulfilled, fulfilled));
    }
  }
  return [...latestFulfilment]
    .sort(([idA, atA], [idB, atB]) => atB - atA || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .slice(0, REVIEW_ELIGIBILITY_RULES.maxReviewableProducts)
    .map(([productId]) => productId);
}

/** Whether the customer's last return from dormancy falls in the window and no lapse followed it. */
export function isWelcomeBack(
  transitions: readonly StageTransition[],
  { asOf, windowDays = REVIEW_ELIGIBILITY_RULES.welcomeBackDays }: { asOf: Date; windowDays?: number },
): boolean {
  const since = asOf.getTime() - windowDays * DAY_MS;
  const upToNow = transitions.filter((t) => t.at.getTime() <= asOf.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  const returns = upToNow.filter((t) => t.fromStage !== null && LAPSED.includes(t.fromStage) && ACTIVE.includes(t.toStage));
  const lastReturn = returns[returns.length - 1];
  if (!lastReturn || lastReturn.at.getTime() <= since) return false;
  return !upToNow.some((t) => t.at.getTime() > lastReturn.at.getTime() && LAPSED.includes(t.toStage));
}

export interface StorefrontWrite {
  customerId: string;
  /** The new state; the metafields of a field at its empty value are deleted, not written. */
  state: StorefrontState;
  reviewableChanged: boolean;
  welcomeBackChanged: boolean;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Only what changed since the last write (`written`; a customer missing there has nothing on
 * Shopify): customers whose state did not change cost no API call.
 */
export function planStorefrontWrites(
  desired: ReadonlyMap<string, StorefrontState>,
  written: ReadonlyMap<string, StorefrontState>,
): StorefrontWrite[] {
  const writes: StorefrontWrite[] = [];
  for (const customerId of new Set([...desired.keys(), ...written.keys()])) {
    const state = desired.get(customerId) ?? EMPTY_STOREFRONT_STATE;
    const before = written.get(customerId) ?? EMPTY_STOREFRONT_STATE;
    const reviewableChanged = !sameList(state.reviewableProducts, before.reviewableProducts);
    const welcomeBackChanged = state.welcomeBack !== before.welcomeBack;
    if (reviewableChanged || welcomeBackChanged) writes.push({ customerId, state, reviewableChanged, welcomeBackChanged });
  }
  return writes.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
}
