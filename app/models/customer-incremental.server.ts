// Customers one at a time (webhooks, reconciliation): every read and write here is bounded by the
// customers named, never by the size of the shop. The shop-wide versions live in customer.server.ts.
import prisma from "../db.server";
import { databaseDialect } from "../db-dialect";
import type { CustomerTimes } from "../domain/records";
import type { LifecycleStage } from "../domain/types";
import { sameSegment, type ComputedSegment } from "./customer.server";
import { upsertRows } from "./upsert-rows.server";

/** Shopify's updatedAt of the customers we hold: an older payload never overwrites a newer row. */
export async function loadCustomerVersions(shop: string, ids: readonly string[]): Promise<Map<string, Date>> {
  const rows = await prisma.customer.findMany({
    where: { shop, id: { in: [...ids] } },
    select: { id: true, shopifyUpdatedAt: true },
  });
  return new Map(rows.map((r) => [r.id, r.shopifyUpdatedAt]));
}

/** Customers Shopify told us about: created when new, their times moved forward otherwise. */
export async function saveCustomerTimes(shop: string, customers: readonly CustomerTimes[], at: Date): Promise<void> {
  await upsertRows(
    "Customer",
    ["shop", "id"],
    ["shop", "id", "shopifyCreatedAt", "shopifyUpdatedAt", "syncedAt"],
    customers.map((c) => [shop, c.id, c.shopifyCreatedAt, c.shopifyUpdatedAt, at]),
  );
}

/** customers/delete: the customer's rows go; their orders (if any) stay as guest orders. */
export async function deleteCustomerRows(shop: string, customerId: string): Promise<void> {
  await prisma.$transaction([
    prisma.segmentTransition.deleteMany({ where: { shop, customerId } }),
    prisma.order.updateMany({ where: { shop, customerId }, data: { customerId: null } }),
    prisma.customer.deleteMany({ where: { shop, id: customerId } }),
  ]);
}

/**
 * Store the new segments of these customers; a change of stage (or a first classification, from
 * null) becomes a transition. Returns the transitions written. Customers whose segment did not change
 * are not written; the others go in one UPDATE (a webhook batch recomputes hundreds of customers, and
 * one statement per customer held the event loop the intake shares for tens of milliseconds).
 */
export async function saveCustomerSegments(shop: string, computed: readonly ComputedSegment[], at: Date): Promise<number> {
  const stored = new Map(
    (
      await prisma.customer.findMany({
        where: { shop, id: { in: computed.map((c) => c.customerId) } },
        select: {
          id: true,
          stage: true,
          stageSince: true,
          ordersCount: true,
          netSpent: true,
          firstOrderAt: true,
          lastOrderAt: true,
          subscriber: true,
        },
      })
    ).map((r) => [r.id, r]),
  );
  const rows: SegmentRow[] = [];
  const transitions = [];
  for (const segment of computed) {
    const before = stored.get(segment.customerId);
    if (!before) continue;
    const isFirst = before.stageSince === null;
    if (!isFirst && sameSegment({ ...before, customerId: before.id, stage: before.stage as LifecycleStage }, segment)) continue;
    const stageChanged = isFirst || before.stage !== segment.stage;
    rows.push({ ...segment, stageSince: stageChanged ? at : before.stageSince });
    if (stageChanged) {
      transitions.push({
        shop,
        customerId: segment.customerId,
        fromStage: isFirst ? null : before.stage,
        toStage: segment.stage,
        at,
        reason: segment.reason,
      });
    }
  }
  if (rows.length === 0) return 0;
  await prisma.$transaction([updateSegments(shop, rows), prisma.segmentTransition.createMany({ data: transitions })]);
  return transitions.length;
}

type SegmentRow = Omit<ComputedSegment, "reason"> & { stageSince: Date | null };

/** One UPDATE of the customers' rows (db-dialect.ts updateFromRecords). */
function updateSegments(shop: string, rows: readonly SegmentRow[]) {
  const statement = databaseDialect().updateFromRecords({
    table: "Customer",
    shop,
    key: "id",
    records: rows.map((row) => ({
      id: row.customerId,
      stage: row.stage,
      ordersCount: row.ordersCount,
      netSpent: row.netSpent,
      stageSince: row.stageSince,
      firstOrderAt: row.firstOrderAt,
      lastOrderAt: row.lastOrderAt,
      subscriber: row.subscriber,
    })),
    columns: {
      id: "text",
      stage: "text",
      ordersCount: "integer",
      netSpent: "double",
      stageSince: "timestamp",
      firstOrderAt: "timestamp",
      lastOrderAt: "timestamp",
      subscriber: "boolean",
    },
  });
  return prisma.$executeRaw(statement);
}

/**
 * Our tags as written, and the customer's updatedAt that our write produced: the customers/update
 * webhook that echoes this write carries that same updatedAt and is then recognised as not newer.
 */
export async function recordTagWrite(
  shop: string,
  customerId: string,
  write: { ownedTags: readonly string[]; tagCount: number; shopifyUpdatedAt: Date | null },
): Promise<void> {
  await prisma.customer.updateMany({
    where: { shop, id: customerId },
    data: {
      ownedTags: JSON.stringify(write.ownedTags),
      tagCount: write.tagCount,
      // Shopify's answer to our write: the customer's newest time, so it replaces what we held.
      ...(write.shopifyUpdatedAt ? { shopifyUpdatedAt: write.shopifyUpdatedAt } : {}),
    },
  });
}
