// The first sync of a shop, and any full re-sync: page customers and orders through the Admin API,
// store them, classify every customer, and write the changed lifecycle tags back.
// Idempotent (rows keyed by GID, only changed segments and tags are written) and resumable: the
// SyncRun row holds the phase and the cursor of the last stored page.
import type { AdminClient } from "../shopify/admin-client.server";
import { CustomersPage } from "../shopify/graphql/customers-page.query";
import { OrdersPage } from "../shopify/graphql/orders-page.query";
import { RecordCounts } from "../shopify/graphql/record-counts.query";
import { ShopFacts } from "../shopify/graphql/shop-facts.query";
import { mapCustomer, type CustomerNode } from "../shopify/map-customer";
import { mapOrder, type OrderNode } from "../shopify/map-order";
import { upsertCustomers } from "../models/customer.server";
import { upsertOrders } from "../models/order.server";
import { getShopSettings, updateShopFacts } from "../models/shop.server";
import {
  finishSyncRun,
  saveSyncProgress,
  startOrResumeSyncRun,
  type SyncRunRow,
} from "../models/sync-run.server";
import { recomputeSegments } from "./recompute-segments.server";
import { pushCustomerTags } from "./push-customer-tags.server";

// The largest pages Shopify allows; with its logarithmic connection costs they stay far under 1,000 points.
export const CUSTOMERS_PER_PAGE = 250;
export const ORDERS_PER_PAGE = 250;

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface SyncShopInput {
  shop: string;
  admin: AdminClient;
  /** The app's clock: "now" for the segment rules. */
  now: () => Date;
  kind?: "initial" | "resync";
}

export async function syncShop({ shop, admin, now, kind = "initial" }: SyncShopInput): Promise<SyncRunRow> {
  const run = await startOrResumeSyncRun(shop, kind);
  const facts = await admin.request<{ shop: { myshopifyDomain: string; currencyCode: string; ianaTimezone: string } }>(ShopFacts);
  await updateShopFacts(shop, { currencyCode: facts.shop.currencyCode, ianaTimezone: facts.shop.ianaTimezone });
  const settings = await getShopSettings(shop);

  let { phase, cursor, customersRead, ordersRead } = run;
  if (run.customersTotal === null) {
    const counts = await admin.request<{ customersCount: { count: number }; ordersCount: { count: number } }>(
      RecordCounts,
    );
    await saveSyncProgress(run.id, {
      phase: phase as "customers",
      cursor,
      customersTotal: counts.customersCount.count,
      ordersTotal: counts.ordersCount.count,
    });
  }

  if (phase === "customers") {
    for (;;) {
      const { customers } = await admin.request<{ customers: Connection<CustomerNode> }>(CustomersPage, {
        first: CUSTOMERS_PER_PAGE,
        after: cursor,
      });
      await upsertCustomers(shop, customers.nodes.map((n) => mapCustomer(n, settings.tagPrefix)), now());
      customersRead += customers.nodes.length;
      cursor = customers.pageInfo.hasNextPage ? customers.pageInfo.endCursor : null;
      phase = cursor ? "customers" : "orders";
      await saveSyncProgress(run.id, { phase: phase as "customers", cursor, customersRead });
      if (!cursor) break;
    }
  }

  if (phase === "orders") {
    for (;;) {
      const { orders } = await admin.request<{ orders: Connection<OrderNode> }>(OrdersPage, {
        first: ORDERS_PER_PAGE,
        after: cursor,
      });
      await upsertOrders(shop, orders.nodes.map(mapOrder));
      ordersRead += orders.nodes.length;
      cursor = orders.pageInfo.hasNextPage ? orders.pageInfo.endCursor : null;
      phase = cursor ? "orders" : "segments";
      await saveSyncProgress(run.id, { phase: phase as "orders", cursor, ordersRead });
      if (!cursor) break;
    }
  }

  if (phase === "segments") {
    await recomputeSegments({ shop, asOf: now() });
    phase = "tags";
    await saveSyncProgress(run.id, { phase: "tags", cursor: null });
  }

  if (phase === "tags") {
    const { written } = await pushCustomerTags({ shop, admin });
    await saveSyncProgress(run.id, { phase: "tags", cursor: null, tagsWritten: written });
  }

  await finishSyncRun(run.id, now());
  return { ...run, status: "completed" };
}
