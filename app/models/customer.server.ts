import prisma from "../db.server";
import type { CustomerRecord } from "../domain/records";
import type { CustomerHistory, LifecycleStage } from "../domain/types";
import { planCustomerTags, SHOPIFY_CUSTOMER_TAG_LIMIT, type CustomerTagSettings } from "../domain/owned-tags";
import { writeRows, type WriteStep } from "./upsert-rows.server";
import { chunks } from "../domain/chunks";

/** The upsert of these customers as a write step (to go in one transaction with others). */
export function customerUpserts(shop: string, customers: readonly CustomerRecord[], at: Date): WriteStep {
  return {
    upsert: {
      table: "Customer",
      keyColumns: ["shop", "id"],
      columns: ["shop", "id", "shopifyCreatedAt", "shopifyUpdatedAt", "shopifyRfmGroup", "ownedTags", "tagCount", "syncedAt"],
      rows: customers.map((c) => [
        shop,
        c.id,
        c.shopifyCreatedAt,
        c.shopifyUpdatedAt,
        c.shopifyRfmGroup,
        JSON.stringify(c.ownedTags),
        c.tagCount,
        at,
      ]),
    },
  };
}

export async function upsertCustomers(shop: string, customers: readonly CustomerRecord[], at: Date): Promise<void> {
  await writeRows([customerUpserts(shop, customers, at)]);
}

/** Every customer of the shop with every order we hold for them, for a shop-wide recompute. */
/** Every customer's history — or only these customers' (a webhook's recompute). */
export async function loadCustomerHistories(shop: string, ids?: readonly string[]): Promise<CustomerHistory[]> {
  const [customers, orders] = await Promise.all([
    // In key order: the same histories in the same order on every database (a fit sums floats in this order).
    prisma.customer.findMany({
      where: { shop, ...(ids ? { id: { in: [...ids] } } : {}) },
      select: { id: true, shopifyCreatedAt: true },
      orderBy: { id: "asc" },
    }),
    prisma.order.findMany({ where: { shop, customerId: ids ? { in: [...ids] } : { not: null } }, orderBy: { id: "asc" } }),
  ]);
  const histories = new Map<string, CustomerHistory>(
    customers.map((c) => [c.id, { customerId: c.id, createdAt: c.shopifyCreatedAt, orders: [] }]),
  );
  for (const order of orders) {
    histories.get(order.customerId!)?.orders.push({
      id: order.id,
      customerId: order.customerId,
      processedAt: order.processedAt,
      totalPrice: order.totalPrice,
      totalRefunded: order.totalRefunded,
      cancelled: order.cancelled,
      test: order.test,
      financialStatus: order.financialStatus,
    });
  }
  return [...histories.values()];
}

export interface StoredSegment {
  customerId: string;
  stage: LifecycleStage;
  ordersCount: number;
  netSpent: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** an active subscriber when classified (docs/domain.md §8) */
  subscriber: boolean;
}

export interface ComputedSegment extends StoredSegment {
  reason: string;
}

export async function loadStoredSegments(shop: string): Promise<Map<string, StoredSegment>> {
  const rows = await prisma.customer.findMany({
    where: { shop },
    select: { id: true, stage: true, ordersCount: true, netSpent: true, firstOrderAt: true, lastOrderAt: true, subscriber: true },
  });
  return new Map(rows.map((r) => [r.id, { customerId: r.id, ...r, stage: r.stage as LifecycleStage }]));
}

export function sameSegment(a: StoredSegment, b: StoredSegment): boolean {
  return (
    a.stage === b.stage &&
    a.ordersCount === b.ordersCount &&
    Math.abs(a.netSpent - b.netSpent) < 0.005 &&
    a.firstOrderAt?.getTime() === b.firstOrderAt?.getTime() &&
    a.lastOrderAt?.getTime() === b.lastOrderAt?.getTime() &&
    a.subscriber === b.subscriber
  );
}

/**
 * Store what changed since the last recompute; every change of stage becomes a transition.
 * Returns the transitions written. A customer seen for the first time starts with a transition
 * from null, so the history is complete from install on.
 */
export async function saveSegments(
  shop: string,
  computed: readonly ComputedSegment[],
  at: Date,
): Promise<{ changed: number; transitions: number }> {
  const stored = await loadStoredSegments(shop);
  const firstComputation = new Set(
    (await prisma.customer.findMany({ where: { shop, stageSince: null }, select: { id: true } })).map((c) => c.id),
  );
  const writes = [];
  let transitions = 0;
  for (const segment of computed) {
    const before = stored.get(segment.customerId);
    if (!before) continue; // customer deleted meanwhile
    const isNew = firstComputation.has(segment.customerId);
    if (!isNew && sameSegment(before, segment)) continue;
    const stageChanged = isNew || before.stage !== segment.stage;
    writes.push(
      prisma.customer.update({
        where: { shop_id: { shop, id: segment.customerId } },
        data: {
          stage: segment.stage,
          ordersCount: segment.ordersCount,
          netSpent: segment.netSpent,
          firstOrderAt: segment.firstOrderAt,
          lastOrderAt: segment.lastOrderAt,
          subscriber: segment.subscriber,
          ...(stageChanged ? { stageSince: at } : {}),
        },
      }),
    );
    if (stageChanged) {
      transitions += 1;
      writes.push(
        prisma.segmentTransition.create({
          data: {
            shop,
            customerId: segment.customerId,
            fromStage: isNew ? null : before.stage,
            toStage: segment.stage,
            at,
            reason: segment.reason,
          },
        }),
      );
    }
  }
  for (const chunk of chunks(writes, 500)) {
    await prisma.$transaction(chunk);
  }
  return { changed: writes.length - transitions, transitions };
}

export interface CustomerTagState {
  customerId: string;
  stage: LifecycleStage;
  /** Active but likely lapsed by the last CLV fit (Customer.atRisk). */
  atRisk: boolean;
  /** A 1–2★ review or an NPS detractor answer not yet followed up (Customer.needsCare). */
  needsCare: boolean;
  ownedTags: string[];
  tagCount: number;
}

/** The tag facts of every customer of the shop, or of the given customers only. */
export async function loadTagStates(shop: string, customerIds?: readonly string[]): Promise<CustomerTagState[]> {
  const rows = await prisma.customer.findMany({
    where: customerIds ? { shop, id: { in: [...customerIds] } } : { shop },
    select: { id: true, stage: true, atRisk: true, needsCare: true, ownedTags: true, tagCount: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    customerId: r.id,
    stage: r.stage as LifecycleStage,
    atRisk: r.atRisk,
    needsCare: r.needsCare,
    ownedTags: JSON.parse(r.ownedTags) as string[],
    tagCount: r.tagCount,
  }));
}

export async function countCustomersByStage(shop: string): Promise<Record<LifecycleStage, number>> {
  const groups = await prisma.customer.groupBy({ by: ["stage"], where: { shop }, _count: { _all: true } });
  const counts: Record<LifecycleStage, number> = { prospect: 0, new: 0, regular: 0, vip: 0, dormant: 0, churned: 0 };
  for (const group of groups) counts[group.stage as LifecycleStage] = group._count._all;
  return counts;
}

/**
 * A 1–2★ review or an NPS detractor answer (app/domain/reviews.ts): the customer needs a follow-up,
 * shown in the playbook. Returns false when the customer is not (yet) synced.
 */
export async function markCustomerNeedsCare(shop: string, customerId: string): Promise<boolean> {
  const { count } = await prisma.customer.updateMany({ where: { shop, id: customerId }, data: { needsCare: true } });
  return count > 0;
}

/** The customer's lifecycle stage (for a segment-aware thank-you), or null when not synced. */
export async function findCustomerStage(shop: string, customerId: string): Promise<LifecycleStage | null> {
  const row = await prisma.customer.findUnique({ where: { shop_id: { shop, id: customerId } }, select: { stage: true } });
  return (row?.stage as LifecycleStage | undefined) ?? null;
}

/**
 * Customers at Shopify's 250-tag limit whose tags of ours cannot all be added (their merchant tags fill
 * the room; we never remove those): the settings page reports how many.
 */
export async function countCustomersBlockedByTagLimit(shop: string, settings: CustomerTagSettings): Promise<number> {
  const rows = await prisma.customer.findMany({
    where: { shop, tagCount: { gte: SHOPIFY_CUSTOMER_TAG_LIMIT } },
    select: { stage: true, atRisk: true, needsCare: true, ownedTags: true, tagCount: true },
  });
  return rows.filter(
    (r) =>
      planCustomerTags({ ...r, stage: r.stage as LifecycleStage, ownedTags: JSON.parse(r.ownedTags) as string[] }, settings)
        .blockedByTagLimit,
  ).length;
}

/** The owned tags and tag count of these customers after a tag write, in one transaction (one commit, not one per customer). */
export async function recordOwnedTagsMany(
  shop: string,
  changes: readonly { customerId: string; ownedTags: readonly string[]; tagCount: number }[],
): Promise<void> {
  if (changes.length === 0) return;
  await prisma.$transaction(
    changes.map(({ customerId, ownedTags, tagCount }) =>
      prisma.customer.update({ where: { shop_id: { shop, id: customerId } }, data: { ownedTags: JSON.stringify(ownedTags), tagCount } }),
    ),
  );
}
