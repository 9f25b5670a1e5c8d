// Reconciliation: whatever webhooks missed (an outage, a subscription Shopify dropped after failed
// deliveries, a merchant removing our tag by hand) is caught by asking Shopify for every customer and
// order updated since a watermark. Changes go through the same newest-wins path as webhooks, so
// re-reading a row we already hold changes nothing.
//
// The watermark is in Shopify's clock (the newest updatedAt seen), never ours. Each run re-reads a
// short overlap before it: a row updated while we were paging may carry an updatedAt older than the
// newest one seen, and the overlap is what catches it.
import { mapCustomer } from "../shopify/map-customer";
import type { CustomersUpdatedSinceQuery, OrderFactsFragment } from "../shopify/graphql/generated/admin.generated";
import { completeOrderFacts } from "../shopify/order-products.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { CustomersUpdatedSince } from "../shopify/graphql/customers-updated-since.query";
import { OrdersUpdatedSince } from "../shopify/graphql/order-facts.query";
import { upsertCustomers } from "../models/customer.server";
import { loadCustomerVersions } from "../models/customer-incremental.server";
import { getShopSettings, loadReconciliationWatermark, saveReconciliationWatermark } from "../models/shop.server";
import { isSyncSettled } from "../models/sync-run.server";
import { sendPendingFlowTriggers } from "./flow-triggers.server";
import { applyChanges } from "./process-webhooks.server";
import { refreshFirstOrders } from "./first-orders.server";
import { recomputeCustomers } from "./recompute-customer.server";

const RECONCILE_OVERLAP_MS = 10 * 60 * 1000;
const CUSTOMERS_PER_PAGE = 250;
// Orders carry their first 50 line items inline (an order with more reads the rest by itself): 25 × (50
// lines + 10 fulfilments + the journey summary) requests 188 points (tests/emulator/cost.ts), far under the
// 1,000 a query may cost. The journeys read here fill gaps the webhooks left (process-webhooks stores them).
const ORDERS_PER_PAGE = 25;

interface Page<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function* readUpdatedSince<N>(admin: AdminClient, document: string, field: string, first: number, query: string) {
  let after: string | null = null;
  do {
    const page: Page<N> = (await admin.request<Record<string, Page<N>>>(document, { first, after, query }))[field]!;
    yield page.nodes;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
}

export interface ReconcileResult {
  /** false before the shop's first completed sync */
  ran: boolean;
  customersRead: number;
  ordersRead: number;
  /** rows that were newer on Shopify than ours */
  customersChanged: number;
  ordersChanged: number;
  transitions: number;
  tagsWritten: number;
  /** the customers recomputed (their customer metafields are written next: job-handlers.server.ts) */
  recomputedCustomerIds: string[];
  reconciledThrough: Date | null;
}

export async function reconcileShop({ shop, admin, asOf }: { shop: string; admin: AdminClient; asOf: Date }): Promise<ReconcileResult> {
  const result: ReconcileResult = {
    ran: false,
    customersRead: 0,
    ordersRead: 0,
    customersChanged: 0,
    ordersChanged: 0,
    transitions: 0,
    tagsWritten: 0,
    recomputedCustomerIds: [],
    reconciledThrough: null,
  };
  if (!(await isSyncSettled(shop))) return result;
  const watermark = await loadReconciliationWatermark(shop);
  if (!watermark) return result;
  result.ran = true;
  const query = `updated_at:>'${new Date(watermark.getTime() - RECONCILE_OVERLAP_MS).toISOString()}'`;
  let newest = watermark.getTime();
  const toRecompute = new Set<string>();

  const { tagPrefix } = await getShopSettings(shop);
  for await (const nodes of readUpdatedSince<CustomersUpdatedSinceQuery["customers"]["nodes"][number]>(
    admin,
    CustomersUpdatedSince,
    "customers",
    CUSTOMERS_PER_PAGE,
    query,
  )) {
    result.customersRead += nodes.length;
    const held = await loadCustomerVersions(
      shop,
      nodes.map((n) => n.id),
    );
    const customers = nodes.map((n) => mapCustomer(n, tagPrefix));
    const newer = customers.filter((c) => {
      const heldAt = held.get(c.id);
      return !heldAt || c.shopifyUpdatedAt > heldAt;
    });
    // Shopify's tags are the truth: a tag of ours removed by hand is planned again by the recompute.
    await upsertCustomers(shop, newer, new Date());
    newer.forEach((c) => toRecompute.add(c.id));
    result.customersChanged += newer.length;
    // Everything read is now in our rows (applied, or already held at that version or later).
    for (const c of customers) newest = Math.max(newest, c.shopifyUpdatedAt.getTime());
  }

  for await (const nodes of readUpdatedSince<OrderFactsFragment>(admin, OrdersUpdatedSince, "orders", ORDERS_PER_PAGE, query)) {
    result.ordersRead += nodes.length;
    const facts = [];
    for (const node of nodes) facts.push(await completeOrderFacts(admin, node));
    const changes = await applyChanges(shop, admin, facts);
    changes.customersToRecompute.forEach((id) => toRecompute.add(id));
    result.ordersChanged += changes.ordersWritten;
    for (const f of facts) newest = Math.max(newest, f.shopifyUpdatedAt.getTime());
  }

  await refreshFirstOrders({ shop, admin, customerIds: [...toRecompute] });
  const recomputed = await recomputeCustomers({ shop, admin, customerIds: [...toRecompute], asOf });
  result.transitions = recomputed.transitions;
  result.tagsWritten = recomputed.tagsWritten;
  result.recomputedCustomerIds = [...toRecompute];
  await sendPendingFlowTriggers(shop, admin);
  result.reconciledThrough = new Date(newest);
  await saveReconciliationWatermark(shop, result.reconciledThrough);
  return result;
}
