// Customers one at a time (webhooks, reconciliation): every read and write here is bounded by the
// customers named, never by the size of the shop. The shop-wide versions live in customer.server.ts.
import prisma from "../db.server";
import type { ComputedSegment } from "./customer.server";
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
 * null) becomes a transition. Returns the transitions written.
 */
export async function saveCustomerSegments(shop: string, computed: readonly ComputedSegment[], at: Date): Promise<number> {
  const stored = new Map(
    (
      await prisma.customer.findMany({
        where: { shop, id: { in: computed.map((c) => c.customerId) } },
        select: { id: true, stage: true, stageSince: true },
      })
    ).map((r) => [r.id, r]),
  );
  const writes = [];
  let transitions = 0;
  for (const segment of computed) {
    const before = stored.get(segment.customerId);
    if (!before) continue;
    const isFirst = before.stageSince === null;
    const stageChanged = isFirst || before.stage !== segment.stage;
    const { reason: _reason, customerId, ...values } = segment;
    writes.push(
      prisma.customer.update({
        where: { shop_id: { shop, id: customerId } },
        data: { ...values, ...(stageChanged ? { stageSince: at } : {}) },
      }),
    );
    if (stageChanged) {
      transitions += 1;
      writes.push(
        prisma.segmentTransition.create({
          data: { shop, customerId, fromStage: isFirst ? null : before.stage, toStage: segment.stage, at, reason: segment.reason },
        }),
      );
    }
  }
  await prisma.$transaction(writes);
  return transitions;
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
