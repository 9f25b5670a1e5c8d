// Segment transitions as an outbox for Shopify Flow: a transition is written with flowNotifiedAt null
// and marked once Flow has been told, so a crash between the two loses nothing (it is sent again).
import prisma from "../db.server";

/** A change of segment not yet told to Flow (a first classification, from null, is not a change). */
export interface PendingFlowTransition {
  id: number;
  customerId: string;
  fromStage: string;
  toStage: string;
  at: Date;
}

/** The shop's changes of segment (from a stage, to another) Flow has not been told about yet, oldest first. */
export async function loadPendingFlowTransitions(shop: string, limit: number): Promise<PendingFlowTransition[]> {
  const rows = await prisma.segmentTransition.findMany({
    where: { shop, flowNotifiedAt: null, fromStage: { not: null } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, customerId: true, fromStage: true, toStage: true, at: true },
  });
  return rows.map((row) => ({ ...row, fromStage: row.fromStage! }));
}

/** First classifications (from null) are not changes of segment: marked as handled in one statement. */
export async function markFirstClassificationsFlowNotified(shop: string, at: Date): Promise<number> {
  const { count } = await prisma.segmentTransition.updateMany({
    where: { shop, flowNotifiedAt: null, fromStage: null },
    data: { flowNotifiedAt: at },
  });
  return count;
}

export async function markFlowNotified(ids: readonly number[], at: Date): Promise<void> {
  await prisma.segmentTransition.updateMany({ where: { id: { in: [...ids] } }, data: { flowNotifiedAt: at } });
}
