// Keep the customer metafields of Shopify's own segments and Flow true (docs/decisions/044): create the
// definitions once, then write each customer's lifecycle segment and the predictions the shop's check
// publishes (app/domain/customer-metafields.ts). Runs for every customer after the segments and
// predictions are refreshed (first sync, daily refresh, saved settings), and for the customers a
// webhook batch or reconciliation recomputed (their stage or last order moved). Only customers whose
// values changed are written, only their changed fields; many calls go as one bulk operation.
import {
  customerMetafieldValues,
  planCustomerMetafieldWrites,
  type CustomerMetafieldField,
  type CustomerMetafieldValues,
  type CustomerMetafieldWrite,
} from "../domain/customer-metafields";
import {
  forgetCustomerMetafieldStates,
  loadCustomerMetafieldInputs,
  recordCustomerMetafieldWrites,
} from "../models/customer-metafield.server";
import { ensureAppMetafieldDefinitions } from "../services/app-metafield-definitions.server";
import type { AdminClient } from "../shopify/admin-client.server";
import type { BulkWaitOptions } from "../shopify/bulk-operation.server";
import {
  CUSTOMER_SEGMENT_METAFIELDS,
  deleteAppMetafields,
  METAFIELDS_PER_CALL,
  setAppMetafields,
  writeAppMetafieldsInBulk,
  type MetafieldIdentifier,
  type MetafieldWrite,
} from "../shopify/metafields.server";
import { chunks } from "../domain/chunks";

export interface CustomerMetafieldsResult {
  definitionsCreated: number;
  customersWritten: number;
  metafieldsSet: number;
  metafieldsDeleted: number;
  /** How the changes went to Shopify: metafieldsSet/metafieldsDelete calls one at a time, or bulk operations. */
  path: "paced" | "bulk" | "none";
  /** bulk lines Shopify did not apply, written again through the paced client */
  retried: number;
}

function metafieldWrite(ownerId: string, field: CustomerMetafieldField, values: CustomerMetafieldValues): MetafieldWrite {
  const { key, type } = CUSTOMER_SEGMENT_METAFIELDS[field];
  return { ownerId, key, type, value: values[field] as string };
}

/**
 * Consecutive customers whose metafieldsSet inputs fit one call and whose metafieldsDelete inputs fit
 * one call (≤ 25 each): calls are full and a customer is never split across two.
 */
function groupsOfOneCall(writes: readonly CustomerMetafieldWrite[]): CustomerMetafieldWrite[][] {
  const groups: CustomerMetafieldWrite[][] = [];
  let group: CustomerMetafieldWrite[] = [];
  let sets = 0;
  let removes = 0;
  for (const write of writes) {
    if (group.length > 0 && (sets + write.set.length > METAFIELDS_PER_CALL || removes + write.remove.length > METAFIELDS_PER_CALL)) {
      groups.push(group);
      group = [];
      sets = 0;
      removes = 0;
    }
    group.push(write);
    sets += write.set.length;
    removes += write.remove.length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * From this many metafieldsSet calls on, one bulk operation writes them (a large shop's first write, a
 * refit that moves many customers): the paced client spends the bucket's burst on the first 200 calls
 * (Standard plan, 2,000 points, 10 a call), then 10 calls/s; a bulk mutation runs outside the rate
 * limit after a fixed few seconds (staged upload, start, polling, result file), as bench:tags measured
 * for tags (push-customer-tags.server.ts).
 */
const BULK_METAFIELDS_MIN_CALLS = 200;

/**
 * Write what changed. Every customer of the shop (after a refresh of segments and predictions: the
 * daily job, the first sync, saved settings; states of customers gone are forgotten), or only
 * `customerIds` (after a webhook-driven recompute: their stage or last order moved).
 */
export async function writeCustomerMetafields({
  shop,
  admin,
  now,
  customerIds,
  bulkMinCalls = BULK_METAFIELDS_MIN_CALLS,
  bulk,
}: {
  shop: string;
  admin: AdminClient;
  now: Date;
  customerIds?: readonly string[];
  bulkMinCalls?: number;
  bulk?: BulkWaitOptions;
}): Promise<CustomerMetafieldsResult> {
  const definitionsCreated = await ensureAppMetafieldDefinitions(shop, admin, Object.values(CUSTOMER_SEGMENT_METAFIELDS));
  const { timeZone, published, customers, written } = await loadCustomerMetafieldInputs(shop, customerIds);
  const desired = new Map(customers.map((facts) => [facts.customerId, customerMetafieldValues(facts, published, timeZone)]));
  if (customerIds === undefined) {
    await forgetCustomerMetafieldStates(
      shop,
      [...written.keys()].filter((customerId) => !desired.has(customerId)),
    );
  }

  const result: CustomerMetafieldsResult = {
    definitionsCreated,
    customersWritten: 0,
    metafieldsSet: 0,
    metafieldsDeleted: 0,
    path: "none",
    retried: 0,
  };
  const groups = groupsOfOneCall(planCustomerMetafieldWrites(desired, written));
  const count = (group: readonly CustomerMetafieldWrite[]) => {
    result.customersWritten += group.length;
    result.metafieldsSet += group.reduce((sum, write) => sum + write.set.length, 0);
    result.metafieldsDeleted += group.reduce((sum, write) => sum + write.remove.length, 0);
  };
  if (groups.length === 0) return result;
  if (groups.length < bulkMinCalls) {
    result.path = "paced";
    // A group at a time, recorded once Shopify has it: a crash repeats at most one group (metafieldsSet
    // and metafieldsDelete are idempotent).
    for (const group of groups) {
      await writeGroup(admin, group);
      await recordCustomerMetafieldWrites(shop, group, now);
      count(group);
    }
    return result;
  }

  // One bulk metafieldsSet, then one bulk metafieldsDelete for the groups whose sets went through; a line
  // Shopify did not apply is written again through the paced client. Recorded a batch at a time after.
  result.path = "bulk";
  const setFailed = await writeBulk(admin, "metafieldsSet", groups, setsOf, bulk);
  const deleteFailed = await writeBulk(
    admin,
    "metafieldsDelete",
    groups.filter((group) => !setFailed.has(group)),
    deletesOf,
    bulk,
  );
  for (const group of groups) {
    if (setFailed.has(group)) await writeGroup(admin, group);
    else if (deleteFailed.has(group)) await deleteAppMetafields(admin, deletesOf(group));
  }
  result.retried = setFailed.size + deleteFailed.size;
  for (const batch of chunks(groups, RECORD_GROUPS)) {
    await recordCustomerMetafieldWrites(shop, batch.flat(), now);
    batch.forEach(count);
  }
  return result;
}

/** Groups recorded per transaction after a bulk write (25 customers at most each). */
const RECORD_GROUPS = 200;

const setsOf = (group: readonly CustomerMetafieldWrite[]): MetafieldWrite[] =>
  group.flatMap(({ customerId, values, set }) => set.map((field) => metafieldWrite(customerId, field, values)));

const deletesOf = (group: readonly CustomerMetafieldWrite[]): MetafieldIdentifier[] =>
  group.flatMap(({ customerId, remove }) => remove.map((field) => ({ ownerId: customerId, key: CUSTOMER_SEGMENT_METAFIELDS[field].key })));

async function writeGroup(admin: AdminClient, group: readonly CustomerMetafieldWrite[]): Promise<void> {
  await setAppMetafields(admin, setsOf(group));
  await deleteAppMetafields(admin, deletesOf(group));
}

/** One bulk operation of `mutation` over the groups with inputs for it (a line per group); returns the groups it did not apply. */
async function writeBulk(
  admin: AdminClient,
  mutation: "metafieldsSet" | "metafieldsDelete",
  groups: readonly CustomerMetafieldWrite[][],
  inputsOf: (group: readonly CustomerMetafieldWrite[]) => (MetafieldWrite | MetafieldIdentifier)[],
  bulk?: BulkWaitOptions,
): Promise<Set<CustomerMetafieldWrite[]>> {
  const needing = groups.filter((group) => inputsOf(group).length > 0);
  if (needing.length === 0) return new Set();
  const failed = await writeAppMetafieldsInBulk(admin, mutation, needing.map(inputsOf), bulk);
  return new Set([...failed].map((index) => needing[index]));
}
