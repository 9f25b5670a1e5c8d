// Accepted webhook deliveries: the de-duplication record (one row per Shopify event id) and the work
// item the processing job reads (facts not yet applied have processedAt null).
import { sqltag as sql } from "@prisma/client/runtime/client";
import prisma from "../db.server";
import { databaseDialect } from "../db-dialect";
import type { WebhookFacts } from "../domain/records";

export interface NewWebhookEvent {
  shop: string;
  eventId: string;
  topic: string;
  resourceId: string;
  facts: WebhookFacts;
  triggeredAt: Date | null;
  receivedAt: Date;
}

export interface PendingWebhookEvent {
  eventId: string;
  topic: string;
  /** null when the stored facts do not parse (they can never be applied) */
  facts: WebhookFacts | null;
  receivedAt: Date;
}

/** Where a new event's shop is announced to the workers (PostgreSQL). */
const WEBHOOK_EVENT_CHANNEL = "tsunagu_webhook_event";

/**
 * Records a delivery in one statement. False when the event id was seen before (a duplicate:
 * acknowledge, do nothing) — no exception thrown and caught on the hot path. On PostgreSQL the same
 * statement tells the workers the shop has a new event (recordingNotifiesWorkers).
 */
export async function recordWebhookEvent(event: NewWebhookEvent): Promise<boolean> {
  const dialect = databaseDialect();
  const insert = sql`INSERT INTO "WebhookEvent" ("shop", "eventId", "topic", "resourceId", "facts", "triggeredAt", "receivedAt")
    VALUES (${event.shop}, ${event.eventId}, ${event.topic}, ${event.resourceId}, ${JSON.stringify(event.facts)}, ${event.triggeredAt}, ${event.receivedAt})
    ON CONFLICT ("shop", "eventId") DO NOTHING`;
  const rows = await prisma.$queryRaw<{ key: string }[]>(dialect.insertAndNotify(insert, "shop", WEBHOOK_EVENT_CHANNEL));
  return rows.length === 1;
}

/** Whether recordWebhookEvent tells the workers itself (PostgreSQL) or the caller must (SQLite). */
export function recordingNotifiesWorkers(): boolean {
  return databaseDialect().notifies;
}

/** Call `onShop` with the shop of every event recorded from now on, in any process (PostgreSQL). */
export function listenForRecordedWebhookEvents(onShop: (shop: string) => void): Promise<{ close(): Promise<void> }> {
  return databaseDialect().listen(WEBHOOK_EVENT_CHANNEL, onShop);
}

/** The shop's events not yet applied nor set aside, in the order they arrived; `excluding` those ids. */
export async function loadPendingWebhookEvents(
  shop: string,
  limit: number,
  excluding: Iterable<string> = [],
): Promise<PendingWebhookEvent[]> {
  const rows = await prisma.webhookEvent.findMany({
    where: { shop, processedAt: null, setAsideAt: null, eventId: { notIn: [...excluding] } },
    orderBy: [{ receivedAt: "asc" }, { eventId: "asc" }],
    take: limit,
    select: { eventId: true, topic: true, facts: true, receivedAt: true },
  });
  return rows.map((row) => ({ ...row, facts: parseFacts(row.facts) }));
}

// The facts' times, stored as ISO strings by JSON.stringify, become dates again.
const TIMES = new Set(["processedAt", "shopifyUpdatedAt", "shopifyCreatedAt", "fulfilledAt", "createdAt", "occurredAt"]);

function parseFacts(text: string): WebhookFacts | null {
  try {
    return JSON.parse(text, (key, value: unknown) =>
      TIMES.has(key) && typeof value === "string" ? new Date(value) : value,
    ) as WebhookFacts;
  } catch {
    return null;
  }
}

export async function markWebhookEventsProcessed(shop: string, eventIds: readonly string[], at: Date): Promise<void> {
  await prisma.webhookEvent.updateMany({ where: { shop, eventId: { in: [...eventIds] } }, data: { processedAt: at } });
}

/** One more failure of the event applied alone; set aside once it has failed `attemptsMax` times. */
export async function recordWebhookEventFailure(
  shop: string,
  eventId: string,
  error: string,
  at: Date,
  attemptsMax: number,
): Promise<void> {
  const key = { shop_eventId: { shop, eventId } };
  const { attempts } = await prisma.webhookEvent.update({
    where: key,
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 1000) },
    select: { attempts: true },
  });
  if (attempts >= attemptsMax) await prisma.webhookEvent.update({ where: key, data: { setAsideAt: at } });
}

export interface SetAsideWebhookEvent {
  eventId: string;
  topic: string;
  resourceId: string;
  attempts: number;
  lastError: string | null;
  setAsideAt: Date;
}

/** The newest events set aside, for Settings → Jobs. */
export async function listSetAsideWebhookEvents(shop: string, take = 20): Promise<SetAsideWebhookEvent[]> {
  const rows = await prisma.webhookEvent.findMany({
    where: { shop, setAsideAt: { not: null } },
    orderBy: { setAsideAt: "desc" },
    take,
    select: { eventId: true, topic: true, resourceId: true, attempts: true, lastError: true, setAsideAt: true },
  });
  return rows.map((row) => ({ ...row, setAsideAt: row.setAsideAt! }));
}

/** Shops with events waiting (after a restart the in-process queue has forgotten them). */
export async function listShopsWithPendingWebhookEvents(): Promise<string[]> {
  const rows = await prisma.webhookEvent.findMany({
    where: { processedAt: null, setAsideAt: null },
    distinct: ["shop"],
    select: { shop: true },
  });
  return rows.map((row) => row.shop);
}
