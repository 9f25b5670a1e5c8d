// Write each customer's lifecycle tag to Shopify (plus `${prefix}at-risk` for at-risk customers when the
// shop enabled it): only customers whose tags differ, only tags with our prefix, tagsAdd before
// tagsRemove so a customer is never left without a stage tag.
import {
  applyTagChanges,
  desiredOwnedTags,
  isEmptyTagPlan,
  planTagChanges,
  SHOPIFY_CUSTOMER_TAG_LIMIT,
} from "../domain/owned-tags";
import type { AdminClient } from "../shopify/admin-client.server";
import { AdminApiError } from "../shopify/admin-client.server";
import { TagsAdd } from "../shopify/graphql/tags-add.mutation";
import { TagsRemove } from "../shopify/graphql/tags-remove.mutation";
import { loadTagStates, recordOwnedTags } from "../models/customer.server";
import { getShopSettings } from "../models/shop.server";

interface TagsPayload {
  userErrors: { field: string[] | null; message: string }[];
}

async function writeTags(admin: AdminClient, mutation: "tagsAdd" | "tagsRemove", id: string, tags: string[]) {
  if (tags.length === 0) return;
  const document = mutation === "tagsAdd" ? TagsAdd : TagsRemove;
  const result = await admin.request<Record<string, TagsPayload>>(document, { id, tags });
  const { userErrors } = result[mutation];
  if (userErrors.length > 0) {
    throw new AdminApiError(`${mutation} on ${id}: ${userErrors.map((e) => e.message).join("; ")}`);
  }
}

export interface PushTagsResult {
  /** customers whose tags were changed */
  written: number;
  /** customers at Shopify's tag limit whose stage tag could not be added (merchant tags are never removed) */
  blockedByTagLimit: string[];
}

export async function pushCustomerTags({ shop, admin }: { shop: string; admin: AdminClient }): Promise<PushTagsResult> {
  const { tagPrefix, atRiskTagEnabled } = await getShopSettings(shop);
  const result: PushTagsResult = { written: 0, blockedByTagLimit: [] };
  for (const state of await loadTagStates(shop)) {
    // We store only our own tags; the room left for them is the limit minus the merchant's tags.
    const merchantTagCount = state.tagCount - state.ownedTags.length;
    const desired = desiredOwnedTags(state.stage, { prefix: tagPrefix, atRisk: state.atRisk, atRiskTagEnabled });
    const plan = planTagChanges(state.ownedTags, desired, {
      prefix: tagPrefix,
      tagLimit: SHOPIFY_CUSTOMER_TAG_LIMIT - merchantTagCount,
    });
    if (plan.blockedByTagLimit) result.blockedByTagLimit.push(state.customerId);
    if (isEmptyTagPlan(plan)) continue;
    await writeTags(admin, "tagsAdd", state.customerId, plan.add);
    await writeTags(admin, "tagsRemove", state.customerId, plan.remove);
    const ownedTags = applyTagChanges(state.ownedTags, plan);
    await recordOwnedTags(shop, state.customerId, ownedTags, merchantTagCount + ownedTags.length);
    result.written += 1;
  }
  return result;
}
