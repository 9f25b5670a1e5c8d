// Recompute only the customers an event touched: classify each from their own orders with the shop's
// rules, store the change (a stage change becomes a transition) and write the tag delta through the
// paced admin client. Cost is bounded by the customers named, not by the shop.
//
// VIP is relative to the shop (top N % of active repeat buyers by spend), so one customer cannot be
// classified alone. Decision: use a stored cut, keyed by the shop-local day and the rules, computed
// from every customer the first time it is needed that day (or after the merchant changes the rules)
// and reused by every webhook until then. One purchase moves the ranking by at most one place, the
// daily refresh reclassifies everyone with a fresh cut, and the O(shop) work happens once a day
// instead of once per order — which keeps a webhook's cost at a few rows however large the shop.
import { localDay } from "../domain/calendar";
import { classifyLifecycle, computeVipCut, summarizeCustomers, type VipCut } from "../domain/lifecycle";
import { applyTagChanges, isEmptyTagPlan, planCustomerTags } from "../domain/owned-tags";
import { loadCustomerHistories, loadTagStates, type ComputedSegment } from "../models/customer.server";
import { recordTagWrite, saveCustomerSegments } from "../models/customer-incremental.server";
import { getShopSettings, loadVipCutCache, saveVipCutCache, type ShopSettings } from "../models/shop.server";
import { AdminApiError, type AdminClient } from "../shopify/admin-client.server";
import { CustomerTagsAdd } from "../shopify/graphql/customer-tags-add.mutation";
import { CustomerTagsRemove } from "../shopify/graphql/customer-tags-remove.mutation";
import { CustomerTagsReplace } from "../shopify/graphql/customer-tags-replace.mutation";
import type { CustomerTagsReplaceMutation } from "../shopify/graphql/generated/admin.generated";
import { activeSubscriberIds } from "../models/subscription.server";
import { chunks } from "../domain/chunks";

const CUSTOMERS_PER_BATCH = 500;

export interface RecomputeCustomersInput {
  shop: string;
  admin: AdminClient;
  customerIds: readonly string[];
  asOf: Date;
}

export interface RecomputeCustomersResult {
  transitions: number;
  /** customers whose tags were changed on Shopify */
  tagsWritten: number;
  /** customers at Shopify's 250-tag limit whose stage tag could not be added */
  blockedByTagLimit: string[];
}

export async function recomputeCustomers({ shop, admin, customerIds, asOf }: RecomputeCustomersInput): Promise<RecomputeCustomersResult> {
  const result: RecomputeCustomersResult = { transitions: 0, tagsWritten: 0, blockedByTagLimit: [] };
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return result;
  const settings = await getShopSettings(shop);
  const vipCut = await vipCutFor(settings, asOf);
  const ctx = { asOf, timeZone: settings.ianaTimezone };
  for (const batch of chunks(ids, CUSTOMERS_PER_BATCH)) {
    const activeSubscribers = await activeSubscriberIds(shop, batch);
    const computed: ComputedSegment[] = (await loadCustomerHistories(shop, batch)).map((history) => {
      const s = classifyLifecycle(history, settings.rules, vipCut, { ...ctx, activeSubscribers });
      return {
        customerId: s.customerId,
        stage: s.stage,
        reason: s.reason,
        ordersCount: s.orders,
        netSpent: s.netSpent,
        firstOrderAt: s.firstOrderAt,
        lastOrderAt: s.lastOrderAt,
        subscriber: activeSubscribers.has(s.customerId),
      };
    });
    result.transitions += await saveCustomerSegments(shop, computed, asOf);
    const tags = await writeTagDeltas(admin, settings, batch);
    result.tagsWritten += tags.written;
    result.blockedByTagLimit.push(...tags.blockedByTagLimit);
  }
  return result;
}

async function vipCutFor(settings: ShopSettings, asOf: Date): Promise<VipCut> {
  const { shop, rules, ianaTimezone } = settings;
  if (rules.vipMinSpend !== null) return computeVipCut([], rules); // a fixed amount: nothing shop-wide to rank
  const key = `${localDay(asOf, ianaTimezone)}|${ianaTimezone}|${JSON.stringify(rules)}`;
  const cached = await loadVipCutCache(shop);
  if (cached?.key === key) return cached.cut as VipCut;
  const summaries = summarizeCustomers(await loadCustomerHistories(shop), rules, { asOf, timeZone: ianaTimezone });
  const cut = computeVipCut(summaries, rules);
  await saveVipCutCache(shop, { key, cut });
  return cut;
}

/**
 * Our tag delta for one customer: tagsAdd, tagsRemove, or both in one request (add first). Returns the
 * customer's updatedAt after the write.
 */
async function writeTags(admin: AdminClient, id: string, add: string[], remove: string[]): Promise<Date | null> {
  const [document, variables] =
    add.length && remove.length
      ? [CustomerTagsReplace, { id, add, remove }]
      : add.length
        ? [CustomerTagsAdd, { id, tags: add }]
        : [CustomerTagsRemove, { id, tags: remove }];
  // CustomerTagsReplace selects both fields; CustomerTagsAdd and CustomerTagsRemove one of them.
  const result = await admin.request<CustomerTagsReplaceMutation>(document, variables);
  const payloads = [result.tagsAdd, result.tagsRemove].filter((p) => p != null);
  const errors = payloads.flatMap((p) => p.userErrors);
  if (errors.length > 0) throw new AdminApiError(`tags of ${id}: ${errors.map((e) => e.message).join("; ")}`);
  const updatedAt = payloads.at(-1)?.node?.updatedAt;
  return updatedAt ? new Date(updatedAt) : null;
}

// Customers are written a few at a time: the paced client still keeps the shop's bucket, and a burst of
// orders is not serialised behind one round trip per mutation.
const CONCURRENT_TAG_WRITES = 4;

async function writeTagDeltas(admin: AdminClient, settings: ShopSettings, customerIds: readonly string[]) {
  const result = { written: 0, blockedByTagLimit: [] as string[] };
  const states = await loadTagStates(settings.shop, customerIds);
  const writeOne = async (state: (typeof states)[number]) => {
    const plan = planCustomerTags(state, settings);
    if (plan.blockedByTagLimit) result.blockedByTagLimit.push(state.customerId);
    if (isEmptyTagPlan(plan)) return;
    const writtenAt = await writeTags(admin, state.customerId, plan.add, plan.remove);
    const ownedTags = applyTagChanges(state.ownedTags, plan);
    await recordTagWrite(settings.shop, state.customerId, {
      ownedTags,
      tagCount: state.tagCount - state.ownedTags.length + ownedTags.length,
      shopifyUpdatedAt: writtenAt,
    });
    result.written += 1;
  };
  // On a failure the other writers finish their customer and stop; the job then fails as a whole
  // (its events stay pending and the next run plans again from what was recorded).
  let next = 0;
  let failure: unknown;
  const writer = async () => {
    while (failure === undefined && next < states.length) {
      await writeOne(states[next++]).catch((error: unknown) => (failure ??= error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_TAG_WRITES, states.length) }, writer));
  if (failure !== undefined) throw failure;
  return result;
}
