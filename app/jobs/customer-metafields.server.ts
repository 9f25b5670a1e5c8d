// Keep the customer metafields of Shopify's own segments and Flow true (docs/decisions/044): create the
// definitions once, then write each customer's lifecycle segment and the predictions the shop's check
// publishes (app/domain/customer-metafields.ts). Runs after the segments and predictions are refreshed
// (first sync, daily refresh, saved settings). Only customers whose values changed are written.
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
import {
  CUSTOMER_SEGMENT_METAFIELDS,
  deleteAppMetafields,
  METAFIELDS_PER_CALL,
  setAppMetafields,
  type MetafieldIdentifier,
  type MetafieldWrite,
} from "../shopify/metafields.server";

export interface CustomerMetafieldsResult {
  definitionsCreated: number;
  customersWritten: number;
  metafieldsSet: number;
  metafieldsDeleted: number;
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

export async function writeCustomerMetafields({
  shop,
  admin,
  now,
}: {
  shop: string;
  admin: AdminClient;
  now: Date;
}): Promise<CustomerMetafieldsResult> {
  const definitionsCreated = await ensureAppMetafieldDefinitions(shop, admin, Object.values(CUSTOMER_SEGMENT_METAFIELDS));
  const { timeZone, published, customers, written } = await loadCustomerMetafieldInputs(shop);
  const desired = new Map(customers.map((facts) => [facts.customerId, customerMetafieldValues(facts, published, timeZone)]));
  await forgetCustomerMetafieldStates(
    shop,
    [...written.keys()].filter((customerId) => !desired.has(customerId)),
  );

  const result: CustomerMetafieldsResult = { definitionsCreated, customersWritten: 0, metafieldsSet: 0, metafieldsDeleted: 0 };
  // A group at a time, recorded once Shopify has it: a crash repeats at most one group (metafieldsSet
  // and metafieldsDelete are idempotent).
  for (const group of groupsOfOneCall(planCustomerMetafieldWrites(desired, written))) {
    const sets = group.flatMap(({ customerId, values, set }) => set.map((field) => metafieldWrite(customerId, field, values)));
    const deletes: MetafieldIdentifier[] = group.flatMap(({ customerId, remove }) =>
      remove.map((field) => ({ ownerId: customerId, key: CUSTOMER_SEGMENT_METAFIELDS[field].key })),
    );
    await setAppMetafields(admin, sets);
    await deleteAppMetafields(admin, deletes);
    await recordCustomerMetafieldWrites(shop, group, now);
    result.customersWritten += group.length;
    result.metafieldsSet += sets.length;
    result.metafieldsDeleted += deletes.length;
  }
  return result;
}
