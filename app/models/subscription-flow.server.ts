// Subscription transitions as an outbox for Shopify Flow: the detection writes pauses and ends with
// flowNotifiedAt null (models/subscription.server.ts saveSubscriptionTransitions); they are marked once
// Flow has been told.
import prisma from "../db.server";

export interface PendingSubscriptionTransition {
  id: number;
  customerId: string;
  sellingPlanId: string;
  toState: string;
  reason: string | null;
  deliveries: number;
}

/** The shop's transitions Flow has not been told about yet, oldest first. */
export async function loadPendingSubscriptionTransitions(shop: string, limit: number): Promise<PendingSubscriptionTransition[]> {
  return prisma.subscriptionTransition.findMany({
    where: { shop, flowNotifiedAt: null },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, customerId: true, sellingPlanId: true, toState: true, reason: true, deliveries: true },
  });
}

export async function markSubscriptionTransitionNotified(shop: string, id: number, at: Date): Promise<void> {
  await prisma.subscriptionTransition.updateMany({ where: { shop, id }, data: { flowNotifiedAt: at } });
}
