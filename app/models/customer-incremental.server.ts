// Customers one at a time (webhooks, reconciliation): every read and write here is bounded by the
// customers named, never by the size of the shop. The shop-wide versions live in customer.server.ts.
import prisma from "../db.server";
import { databaseKind, databaseUrl } from "../db-url";
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
export async function saveCustomerTimes(
  shop: string,
  customers: readonly { id: string; createdAt: Date; updatedAt: Date }[],
  at: Date,
): Promise<void> {
  await upsertRows(
    "Customer",
    ["shop", "id"],
    ["shop", "id", "shopifyCreatedAt", "shopifyUpdatedAt", "syncedAt"],
    customers.map((c) => [shop, c.id, c.createdAt, c.updatedAt, at]),
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
        select: { id: true, stage: true, stageSince: true, ordersCount: true, netSpent: true, firstOrderAt: true, lastOrderAt: true },
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
      transitions.push({ shop, customerId: segment.customerId, fromStage: isFirst ? null : before.stage, toStage: segment.stage, at, reason: segment.reason });
    }
  }
  if (rows.length === 0) return 0;
  await prisma.$transaction([updateSegments(shop, rows), prisma.segmentTransition.createMany({ data: transitions })]);
  return transitions.length;
}

type SegmentRow = Omit<ComputedSegment, "reason"> & { stageSince: Date | null };

/** One UPDATE … FROM a JSON array of rows (SQLite: json_each; PostgreSQL: json_to_recordset). */
function updateSegments(shop: string, rows: readonly SegmentRow[]) {
  const dates = (row: SegmentRow) => [row.stageSince, row.firstOrderAt, row.lastOrderAt].map((d) => d?.toISOString() ?? null);
  if (databaseKind(databaseUrl()) === "sqlite") {
    // As Prisma stores DateTime in SQLite: ISO text with "+00:00".
    const json = JSON.stringify(
      rows.map((row) => [row.customerId, row.stage, row.ordersCount, row.netSpent, ...dates(row).map((d) => d?.replace("Z", "+00:00") ?? null)]),
    );
    return prisma.$executeRaw`
      UPDATE "Customer" SET "stage" = v.value ->> 1, "ordersCount" = v.value ->> 2, "netSpent" = v.value ->> 3,
        "stageSince" = v.value ->> 4, "firstOrderAt" = v.value ->> 5, "lastOrderAt" = v.value ->> 6
      FROM json_each(${json}) AS v
      WHERE "Customer"."shop" = ${shop} AND "Customer"."id" = v.value ->> 0`;
  }
  const json = JSON.stringify(
    rows.map((row) => {
      const [stageSince, firstOrderAt, lastOrderAt] = dates(row);
      return { id: row.customerId, stage: row.stage, ordersCount: row.ordersCount, netSpent: row.netSpent, stageSince, firstOrderAt, lastOrderAt };
    }),
  );
  return prisma.$executeRaw`
    UPDATE "Customer" AS c SET "stage" = v."stage", "ordersCount" = v."ordersCount", "netSpent" = v."netSpent",
      "stageSince" = v."stageSince", "firstOrderAt" = v."firstOrderAt", "lastOrderAt" = v."lastOrderAt"
    FROM json_to_recordset(${json}::json) AS v("id" text, "stage" text, "ordersCount" integer, "netSpent" double precision,
      "stageSince" timestamp(3), "firstOrderAt" timestamp(3), "lastOrderAt" timestamp(3))
    WHERE c."shop" = ${shop} AND c."id" = v."id"`;
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
