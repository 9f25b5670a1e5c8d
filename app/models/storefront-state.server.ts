// Persistence for the storefront metafields: the facts the review-eligibility rules need (fulfilled
// orders with their products, reviews, recent stage transitions) and what was last written to Shopify.
import prisma from "../db.server";
import type { PurchasedOrder, StageTransition, StorefrontState } from "../domain/review-eligibility";
import { loadOrderProducts } from "./order.server";

export interface ReviewEligibilityFacts {
  delayDays: number;
  orders: PurchasedOrder[];
  /** customer GID → product GIDs the customer reviewed (whatever the review's status) */
  reviewed: Map<string, Set<string>>;
  transitions: StageTransition[];
  written: Map<string, StorefrontState>;
}

/** Everything of the shop (or of one customer) the rules need; transitions from `transitionsSince` on. */
export async function loadReviewEligibilityFacts(
  shop: string,
  { customerId, transitionsSince }: { customerId?: string; transitionsSince: Date },
): Promise<ReviewEligibilityFacts> {
  const customerFilter = customerId ? { customerId } : { customerId: { not: null } };
  const [settings, orderRows, reviewRows, transitionRows, writtenRows] = await Promise.all([
    prisma.shop.findUniqueOrThrow({ where: { shop }, select: { reviewDelayDays: true } }),
    prisma.order.findMany({
      where: { shop, ...customerFilter, fulfilledAt: { not: null } },
      select: {
        id: true,
        customerId: true,
        processedAt: true,
        fulfilledAt: true,
        cancelled: true,
        test: true,
        totalPrice: true,
        totalRefunded: true,
      },
    }),
    prisma.review.findMany({ where: { shop, ...(customerId ? { customerId } : {}) }, select: { customerId: true, productId: true } }),
    prisma.segmentTransition.findMany({
      where: { shop, ...(customerId ? { customerId } : {}), at: { gte: transitionsSince } },
      select: { customerId: true, fromStage: true, toStage: true, at: true },
    }),
    prisma.storefrontCustomerState.findMany({ where: { shop, ...(customerId ? { customerId } : {}) } }),
  ]);

  const productsByOrder = await loadOrderProducts(
    shop,
    orderRows.map((o) => o.id),
  );

  const reviewed = new Map<string, Set<string>>();
  for (const row of reviewRows) reviewed.set(row.customerId, (reviewed.get(row.customerId) ?? new Set()).add(row.productId));

  return {
    delayDays: settings.reviewDelayDays,
    orders: orderRows.map((o) => ({
      customerId: o.customerId as string,
      processedAt: o.processedAt,
      fulfilledAt: o.fulfilledAt,
      cancelled: o.cancelled,
      test: o.test,
      totalPrice: o.totalPrice,
      totalRefunded: o.totalRefunded,
      lines: productsByOrder.get(o.id) ?? [],
    })),
    reviewed,
    transitions: transitionRows,
    written: new Map(
      writtenRows.map((row) => [
        row.customerId,
        { reviewableProducts: JSON.parse(row.reviewableProducts) as string[], welcomeBack: row.welcomeBack },
      ]),
    ),
  };
}

/** Record what was written for these customers, in one transaction. */
export async function recordStorefrontStates(
  shop: string,
  states: readonly { customerId: string; state: StorefrontState }[],
  at: Date,
): Promise<void> {
  await prisma.$transaction(
    states.map(({ customerId, state }) => {
      const data = { reviewableProducts: JSON.stringify(state.reviewableProducts), welcomeBack: state.welcomeBack, writtenAt: at };
      return prisma.storefrontCustomerState.upsert({
        where: { shop_customerId: { shop, customerId } },
        create: { shop, customerId, ...data },
        update: data,
      });
    }),
  );
}

/** Keys (`OWNER_TYPE/key`) of the app metafield definitions already on the shop. */
export async function listAppMetafieldDefinitions(shop: string): Promise<Set<string>> {
  const rows = await prisma.appMetafieldDefinition.findMany({ where: { shop }, select: { ownerType: true, key: true } });
  return new Set(rows.map((row) => `${row.ownerType}/${row.key}`));
}

export async function recordAppMetafieldDefinition(
  shop: string,
  definition: { ownerType: string; key: string; definitionId: string | null; namespace: string | null },
): Promise<void> {
  await prisma.appMetafieldDefinition.upsert({
    where: { shop_ownerType_key: { shop, ownerType: definition.ownerType, key: definition.key } },
    create: { shop, ...definition },
    update: { definitionId: definition.definitionId, namespace: definition.namespace },
  });
}
