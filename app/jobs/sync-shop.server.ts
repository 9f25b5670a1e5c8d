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
import { getShopSettings, markDailyRefresh, updateShopFacts } from "../models/shop.server";
import {
  finishSyncRun,
  saveSyncProgress,
  startOrResumeSyncRun,
} from "../models/sync-run.server";
import { fitPredictions } from "./fit-predictions.server";
import { recomputeSegments } from "./recompute-segments.server";
import { pushCustomerTags } from "./push-customer-tags.server";

// The largest pages Shopify allows; with its logarithmic connection costs they stay far under 1,000 points.
export const CUSTOMERS_PER_PAGE = 250;
export const ORDERS_PER_PAGE = 250;

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Read a connection page by page from `cursor` on: store each page, then checkpoint the cursor of
 * the next one (null at the end), so a killed run resumes after the last stored page.
 */
async function readPages<N>(
  admin: AdminClient,
  document: string,
  field: "customers" | "orders",
  first: number,
  cursor: string | null,
  page: { read: number; store: (nodes: N[]) => Promise<void>; checkpoint: (next: string | null, read: number) => Promise<void> },
): Promise<void> {
  let after = cursor;
  let read = page.read;
  do {
    const connection = (await admin.request<Record<string, Connection<N>>>(document, { first, after }))[field];
    await page.store(connection.nodes);
    read += connection.nodes.length;
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    await page.checkpoint(after, read);
  } while (after);
}

export interface SyncShopInput {
  shop: string;
  admin: AdminClient;
  /** The app's clock: "now" for the segment rules. */
  now: () => Date;
  kind?: "initial" | "resync";
}

export async function syncShop({ shop, admin, now, kind = "initial" }: SyncShopInput): Promise<void> {
  const run = await startOrResumeSyncRun(shop, kind);
  const facts = await admin.request<{ shop: { currencyCode: string; ianaTimezone: string } }>(ShopFacts);
  await updateShopFacts(shop, facts.shop);
  const settings = await getShopSettings(shop);

  const { customersRead, ordersRead } = run;
  let { phase, cursor } = run;
  if (run.customersTotal === null) {
    const counts = await admin.request<{ customersCount: { count: number }; ordersCount: { count: number } }>(
      RecordCounts,
    );
    await saveSyncProgress(run.id, {
      customersTotal: counts.customersCount.count,
      ordersTotal: counts.ordersCount.count,
    });
  }

  if (phase === "customers") {
    await readPages<CustomerNode>(admin, CustomersPage, "customers", CUSTOMERS_PER_PAGE, cursor, {
      read: customersRead,
      store: (nodes) => upsertCustomers(shop, nodes.map((n) => mapCustomer(n, settings.tagPrefix)), now()),
      checkpoint: (next, read) =>
        saveSyncProgress(run.id, { phase: next ? "customers" : "orders", cursor: next, customersRead: read }),
    });
    phase = "orders";
    cursor = null;
  }

  if (phase === "orders") {
    await readPages<OrderNode>(admin, OrdersPage, "orders", ORDERS_PER_PAGE, cursor, {
      read: ordersRead,
      store: (nodes) => upsertOrders(shop, nodes.map(mapOrder)),
      checkpoint: (next, read) =>
        saveSyncProgress(run.id, { phase: next ? "orders" : "segments", cursor: next, ordersRead: read }),
    });
    phase = "segments";
  }

  if (phase === "segments") {
    const asOf = now();
    await recomputeSegments({ shop, asOf });
    await fitPredictions({ shop, asOf });
    phase = "tags";
    await saveSyncProgress(run.id, { phase: "tags", cursor: null });
  }

  if (phase === "tags") {
    const { written } = await pushCustomerTags({ shop, admin });
    await saveSyncProgress(run.id, { phase: "tags", cursor: null, tagsWritten: written });
  }

  // A sync does all a daily refresh does: the next one is due on the shop's next local day.
  await markDailyRefresh(shop, now());
  await finishSyncRun(run.id, now());
}
