// Accepted webhook deliveries: the de-duplication record (one row per Shopify event id) and the work
// item the processing job reads (facts not yet applied have processedAt null).
import prisma from "../db.server";
import type { WebhookFacts, WebhookTopic } from "../shopify/map-webhook-payload";

export interface NewWebhookEvent {
  shop: string;
  eventId: string;
  topic: WebhookTopic;
  resourceId: string;
  facts: WebhookFacts;
  triggeredAt: Date | null;
  receivedAt: Date;
}

export interface PendingWebhookEvent {
  eventId: string;
  topic: WebhookTopic;
  facts: WebhookFacts;
  receivedAt: Date;
}

/**
 * Records a delivery in one statement. False when the event id was seen before (a duplicate:
 * acknowledge, do nothing) — no exception thrown and caught on the hot path.
 */
export async function recordWebhookEvent(event: NewWebhookEvent): Promise<boolean> {
  const inserted = await prisma.$executeRaw`
    INSERT INTO "WebhookEvent" ("shop", "eventId", "topic", "resourceId", "facts", "triggeredAt", "receivedAt")
    VALUES (${event.shop}, ${event.eventId}, ${event.topic}, ${event.resourceId}, ${JSON.stringify(event.facts)}, ${event.triggeredAt}, ${event.receivedAt})
    ON CONFLICT ("shop", "eventId") DO NOTHING`;
  return inserted === 1;
}

/** The shop's events not yet applied, in the order they arrived. */
export async function loadPendingWebhookEvents(shop: string, limit: number): Promise<PendingWebhookEvent[]> {
  const rows = await prisma.webhookEvent.findMany({
    where: { shop, processedAt: null },
    orderBy: [{ receivedAt: "asc" }, { eventId: "asc" }],
    take: limit,
    select: { eventId: true, topic: true, facts: true, receivedAt: true },
  });
  return rows.map((row) => ({ ...row, topic: row.topic as WebhookTopic, facts: JSON.parse(row.facts) as WebhookFacts }));
}

export async function markWebhookEventsProcessed(shop: string, eventIds: readonly string[], at: Date): Promise<void> {
  await prisma.webhookEvent.updateMany({ where: { shop, eventId: { in: [...eventIds] } }, data: { processedAt: at } });
}

/** Shops with events waiting (after a restart the in-process queue has forgotten them). */
export async function listShopsWithPendingWebhookEvents(): Promise<string[]> {
  const rows = await prisma.webhookEvent.findMany({ where: { processedAt: null }, distinct: ["shop"], select: { shop: true } });
  return rows.map((row) => row.shop);
}
