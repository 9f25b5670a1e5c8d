// Write each customer's lifecycle tag to Shopify (plus `${prefix}at-risk` for at-risk customers when the
// shop enabled it): only customers whose tags differ, only tags with our prefix, tagsAdd before
// tagsRemove so a customer is never left without a stage tag.
//
// Two paths, chosen by the size of the delta (BULK_TAGS_MIN_CUSTOMERS, measured with bench:tags):
// small deltas go through the paced client one mutation at a time; large ones through one bulk
// tagsAdd and then one bulk tagsRemove operation. A line the bulk operation did not apply is retried
// through the paced client; a customer's stored tags change only once Shopify has applied them, so a
// failure is retried by the next run and nothing is lost.
import { applyTagChanges, isEmptyTagPlan, planCustomerTags, type TagPlan } from "../domain/owned-tags";
import type { AdminClient } from "../shopify/admin-client.server";
import { AdminApiError } from "../shopify/admin-client.server";
import type { BulkWaitOptions } from "../shopify/bulk-operation.server";
import { runBulkMutation } from "../shopify/bulk-mutation.server";
import type { TagsAddMutation, TagsRemoveMutation } from "../shopify/graphql/generated/admin.generated";
import { TagsAdd } from "../shopify/graphql/tags-add.mutation";
import { TagsRemove } from "../shopify/graphql/tags-remove.mutation";
import { loadTagStates, recordOwnedTagsMany } from "../models/customer.server";
import { getShopSettings } from "../models/shop.server";
import { chunks } from "../domain/chunks";

/**
 * From this many customers to change on, one bulk mutation beats paced mutations. bench:tags at the
 * Standard plan (bucket 2,000, 100 points/s, tagsAdd = 10 points): the paced path writes the first 200
 * customers from the bucket's burst without waiting, then 12.1 tags/s (bound 12.5, never throttled);
 * the bulk path wrote 20,000 in 79 s — 0.004 s a customer after a fixed few seconds (staged upload,
 * start, polling, result file). Past the burst a paced customer costs 0.1 s, 25× the bulk path's, so
 * the burst is the threshold.
 */
const BULK_TAGS_MIN_CUSTOMERS = 200;

type TagMutation = "tagsAdd" | "tagsRemove";
const DOCUMENTS: Record<TagMutation, string> = { tagsAdd: TagsAdd, tagsRemove: TagsRemove };

async function writeTags(admin: AdminClient, mutation: TagMutation, id: string, tags: string[]) {
  if (tags.length === 0) return;
  const result = await admin.request<TagsAddMutation & TagsRemoveMutation>(DOCUMENTS[mutation], { id, tags });
  const userErrors = result[mutation]?.userErrors ?? [];
  if (userErrors.length > 0) {
    throw new AdminApiError(`${mutation} on ${id}: ${userErrors.map((e) => e.message).join("; ")}`);
  }
}

export interface PushTagsResult {
  /** customers whose tags were changed */
  written: number;
  /** customers at Shopify's tag limit whose stage tag could not be added (merchant tags are never removed) */
  blockedByTagLimit: string[];
  /** "paced" or "bulk": how the delta was written */
  path: "paced" | "bulk" | "none";
  /** bulk lines Shopify did not apply, written again through the paced client */
  retried: number;
}

interface PlannedChange {
  customerId: string;
  plan: TagPlan;
  ownedTags: string[];
  merchantTagCount: number;
}

// Stored tags are recorded a batch at a time: tagsAdd/tagsRemove are idempotent, so a crash between a
// write and its record only makes the next run write the same tags again.
const RECORD_BATCH = 500;

async function record(shop: string, changes: readonly PlannedChange[]): Promise<void> {
  for (const chunk of chunks(changes, RECORD_BATCH)) {
    await recordOwnedTagsMany(
      shop,
      chunk.map((change) => {
        const ownedTags = applyTagChanges(change.ownedTags, change.plan);
        return { customerId: change.customerId, ownedTags, tagCount: change.merchantTagCount + ownedTags.length };
      }),
    );
  }
}

async function writePaced(admin: AdminClient, change: PlannedChange): Promise<void> {
  await writeTags(admin, "tagsAdd", change.customerId, change.plan.add);
  await writeTags(admin, "tagsRemove", change.customerId, change.plan.remove);
}

/** One bulk operation for `mutation` over the changes that need it; returns the ones Shopify did not apply. */
async function writeBulk(
  admin: AdminClient,
  mutation: TagMutation,
  changes: PlannedChange[],
  tagsOf: (plan: TagPlan) => string[],
  bulk?: BulkWaitOptions,
): Promise<Set<PlannedChange>> {
  const needing = changes.filter((c) => tagsOf(c.plan).length > 0);
  if (needing.length === 0) return new Set();
  const outcome = await runBulkMutation(
    admin,
    {
      mutation: DOCUMENTS[mutation],
      mutationField: mutation,
      variables: needing.map((c) => ({ id: c.customerId, tags: tagsOf(c.plan) })),
    },
    bulk,
  );
  return new Set([...outcome.failed.keys()].map((index) => needing[index]));
}

export async function pushCustomerTags({
  shop,
  admin,
  bulkMinCustomers = BULK_TAGS_MIN_CUSTOMERS,
  bulk,
}: {
  shop: string;
  admin: AdminClient;
  bulkMinCustomers?: number;
  bulk?: BulkWaitOptions;
}): Promise<PushTagsResult> {
  const settings = await getShopSettings(shop);
  const blockedByTagLimit: string[] = [];
  const changes: PlannedChange[] = [];
  for (const state of await loadTagStates(shop)) {
    const merchantTagCount = state.tagCount - state.ownedTags.length;
    const plan = planCustomerTags(state, settings);
    if (plan.blockedByTagLimit) blockedByTagLimit.push(state.customerId);
    if (!isEmptyTagPlan(plan)) changes.push({ customerId: state.customerId, plan, ownedTags: state.ownedTags, merchantTagCount });
  }
  if (changes.length === 0) return { written: 0, blockedByTagLimit, path: "none", retried: 0 };

  if (changes.length < bulkMinCustomers) {
    for (const batch of chunks(changes, RECORD_BATCH)) {
      for (const change of batch) await writePaced(admin, change);
      await record(shop, batch);
    }
    return { written: changes.length, blockedByTagLimit, path: "paced", retried: 0 };
  }

  // Adds first for everyone, then removes only where the add went through.
  const addFailed = await writeBulk(admin, "tagsAdd", changes, (p) => p.add, bulk);
  const removeFailed = await writeBulk(
    admin,
    "tagsRemove",
    changes.filter((c) => !addFailed.has(c)),
    (p) => p.remove,
    bulk,
  );
  for (const change of changes) {
    if (addFailed.has(change)) await writePaced(admin, change);
    else if (removeFailed.has(change)) await writeTags(admin, "tagsRemove", change.customerId, change.plan.remove);
  }
  await record(shop, changes);
  return { written: changes.length, blockedByTagLimit, path: "bulk", retried: addFailed.size + removeFailed.size };
}
