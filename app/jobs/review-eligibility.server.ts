// Keep the storefront's app-owned customer metafields true (docs/domain.md §5): which products each customer may
// review now, and whether they are greeted as returning after dormancy. Run for the whole shop after
// the daily refresh (eligibility opens with time alone, N days after fulfilment) and for one customer
// after they submit a review. Only customers whose state changed are written.
import { chunks } from "../domain/chunks";
import { groupByCustomer } from "../domain/group-by";
import {
  isWelcomeBack,
  planStorefrontWrites,
  REVIEW_ELIGIBILITY_RULES,
  reviewableProducts,
  type PurchasedOrder,
  type StageTransition,
  type StorefrontState,
  type StorefrontWrite,
} from "../domain/review-eligibility";
import { loadReviewEligibilityFacts, recordStorefrontStates } from "../models/storefront-state.server";
import { ensureAppMetafieldDefinitions } from "../services/app-metafield-definitions.server";
import type { AdminClient } from "../shopify/admin-client.server";
import {
  APP_METAFIELD_DEFINITIONS,
  deleteAppMetafields,
  METAFIELDS_PER_CALL,
  setAppMetafields,
  type MetafieldIdentifier,
  type MetafieldWrite,
} from "../shopify/metafields.server";

const DAY_MS = 24 * 60 * 60 * 1000;
const { reviewableProducts: REVIEWABLE, welcomeBack: WELCOME_BACK } = APP_METAFIELD_DEFINITIONS;

function desiredStates(
  orders: readonly PurchasedOrder[],
  transitions: readonly StageTransition[],
  reviewed: ReadonlyMap<string, ReadonlySet<string>>,
  { asOf, delayDays }: { asOf: Date; delayDays: number },
): Map<string, StorefrontState> {
  const ordersByCustomer = groupByCustomer(orders);
  const transitionsByCustomer = groupByCustomer(transitions);
  const desired = new Map<string, StorefrontState>();
  for (const customerId of new Set([...ordersByCustomer.keys(), ...transitionsByCustomer.keys()])) {
    desired.set(customerId, {
      reviewableProducts: reviewableProducts(ordersByCustomer.get(customerId) ?? [], reviewed.get(customerId) ?? new Set(), {
        asOf,
        delayDays,
      }),
      welcomeBack: isWelcomeBack(transitionsByCustomer.get(customerId) ?? [], { asOf }),
    });
  }
  return desired;
}

/** The metafield calls of some writes: values to set, and emptied fields to delete. */
function metafieldCalls(writes: readonly StorefrontWrite[]): { sets: MetafieldWrite[]; deletes: MetafieldIdentifier[] } {
  const sets: MetafieldWrite[] = [];
  const deletes: MetafieldIdentifier[] = [];
  for (const { customerId: ownerId, state, reviewableChanged, welcomeBackChanged } of writes) {
    if (reviewableChanged && state.reviewableProducts.length > 0) {
      sets.push({ ownerId, key: REVIEWABLE.key, type: REVIEWABLE.type, value: JSON.stringify(state.reviewableProducts) });
    } else if (reviewableChanged) {
      deletes.push({ ownerId, key: REVIEWABLE.key });
    }
    if (welcomeBackChanged && state.welcomeBack) {
      sets.push({ ownerId, key: WELCOME_BACK.key, type: WELCOME_BACK.type, value: "true" });
    } else if (welcomeBackChanged) {
      deletes.push({ ownerId, key: WELCOME_BACK.key });
    }
  }
  return { sets, deletes };
}

export interface ReviewEligibilityResult {
  /** customers whose metafields were written */
  customersWritten: number;
  metafieldsSet: number;
  metafieldsDeleted: number;
}

export async function refreshReviewEligibility({
  shop,
  admin,
  asOf,
  customerId,
}: {
  shop: string;
  admin: AdminClient;
  asOf: Date;
  /** Only this customer (after they reviewed); the whole shop when absent. */
  customerId?: string;
}): Promise<ReviewEligibilityResult> {
  const transitionsSince = new Date(asOf.getTime() - REVIEW_ELIGIBILITY_RULES.welcomeBackDays * DAY_MS);
  const facts = await loadReviewEligibilityFacts(shop, { customerId, transitionsSince });
  const desired = desiredStates(facts.orders, facts.transitions, facts.reviewed, { asOf, delayDays: facts.delayDays });
  const writes = planStorefrontWrites(desired, facts.written);
  const result: ReviewEligibilityResult = { customersWritten: 0, metafieldsSet: 0, metafieldsDeleted: 0 };
  if (writes.length === 0) return result;

  await ensureAppMetafieldDefinitions(shop, admin, Object.values(APP_METAFIELD_DEFINITIONS));
  // A chunk of customers at a time, recorded once Shopify has it: a crash repeats at most one chunk
  // (metafieldsSet and metafieldsDelete are idempotent).
  for (const chunk of chunks(writes, METAFIELDS_PER_CALL)) {
    const { sets, deletes } = metafieldCalls(chunk);
    await setAppMetafields(admin, sets);
    await deleteAppMetafields(admin, deletes);
    await recordStorefrontStates(shop, chunk, asOf);
    result.customersWritten += chunk.length;
    result.metafieldsSet += sets.length;
    result.metafieldsDeleted += deletes.length;
  }
  return result;
}
