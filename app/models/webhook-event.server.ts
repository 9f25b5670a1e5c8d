// Accepted webhook deliveries: the de-duplication record (one row per Shopify event id) and the work
// item the processing job reads (facts not yet applied have processedAt null).
//
// On SQLite a web process does not write WebhookEvent: it appends each delivery to the webhook inbox,
// a SQLite file of its own beside the database, and the worker moves the inbox's rows into
// WebhookEvent before it reads them (moveWebhookInbox). The database has one write lock, which the
// worker's jobs hold for up to seconds at a time (a backfill batch, a recompute); better-sqlite3 waits
// for it on the event loop, so one intake INSERT waiting for it held up every request of the web
// process — p99 3.9 s at 200 deliveries/s on a quiet machine, every delivery past Shopify's 5 s beside
// a backfill (docs/decisions/046-webhook-inbox.md). The inbox's only other writer is the worker's
// DELETE of the rows it moved, a millisecond.
import Database from "better-sqlite3";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
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
 * statement tells the workers the shop has a new event (recordingNotifiesWorkers). On SQLite the
 * delivery goes to the webhook inbox and is always reported new: a repeat is dropped when it is moved.
 */
export async function recordWebhookEvent(event: NewWebhookEvent): Promise<boolean> {
  const dialect = databaseDialect();
  if (dialect.webhookInboxFile) {
    webhookInbox(dialect.webhookInboxFile).append.run(
      event.shop,
      event.eventId,
      event.topic,
      event.resourceId,
      JSON.stringify(event.facts),
      event.triggeredAt?.getTime() ?? null,
      event.receivedAt.getTime(),
    );
    return true;
  }
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

/** Shops with events waiting (after a restart the in-process queue has forgotten them), the inbox's included. */
export async function listShopsWithPendingWebhookEvents(): Promise<string[]> {
  await moveWebhookInbox();
  const rows = await prisma.webhookEvent.findMany({
    where: { processedAt: null, setAsideAt: null },
    distinct: ["shop"],
    select: { shop: true },
  });
  return rows.map((row) => row.shop);
}

// ---------------------------------------------------------------------------------------------
// The webhook inbox (SQLite)

interface InboxRow {
  seq: number;
  shop: string;
  eventId: string;
  topic: string;
  resourceId: string;
  facts: string;
  triggeredAt: number | null;
  receivedAt: number;
}

interface WebhookInbox {
  file: string;
  append: Database.Statement<[string, string, string, string, string, number | null, number]>;
  oldest: Database.Statement<[number], InboxRow>;
  removeUpTo: Database.Statement<[number]>;
  /** Copy the write-ahead log into the file (PASSIVE: appends go on meanwhile). */
  checkpoint(): void;
}

// Rows per move: 7 bound values each, within SQLite's 999; the worker holds the database's write lock
// for one such INSERT (~1 ms), the inbox's for one DELETE.
const INBOX_ROWS_PER_MOVE = 100;
// The inbox's writers hold its lock for one statement; waiting longer than this means something is wrong.
const INBOX_BUSY_TIMEOUT_MS = 5_000;

let openInbox: WebhookInbox | undefined;

/**
 * The inbox of this process: its own connection, in WAL with synchronous=NORMAL as the database's
 * (an append survives a killed process; db-adapter.ts). Created on first use; it is not part of the
 * Prisma schema: it holds deliveries only until the worker moves them, a few seconds.
 */
function webhookInbox(file: string): WebhookInbox {
  if (openInbox?.file === file) return openInbox;
  const db = new Database(file, { timeout: INBOX_BUSY_TIMEOUT_MS });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Only the mover checkpoints (after it has moved rows): a checkpoint writes and fsyncs the file, and
  // the append that happens to pass SQLite's automatic threshold would do it on the web process's
  // event loop, holding up every request behind it as long as the disk takes.
  db.pragma("wal_autocheckpoint = 0");
  db.exec(`CREATE TABLE IF NOT EXISTS "WebhookDelivery" (
    "seq" INTEGER PRIMARY KEY AUTOINCREMENT, "shop" TEXT NOT NULL, "eventId" TEXT NOT NULL, "topic" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL, "facts" TEXT NOT NULL, "triggeredAt" INTEGER, "receivedAt" INTEGER NOT NULL)`);
  openInbox = {
    file,
    append: db.prepare(`INSERT INTO "WebhookDelivery" ("shop", "eventId", "topic", "resourceId", "facts", "triggeredAt", "receivedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    oldest: db.prepare(`SELECT * FROM "WebhookDelivery" ORDER BY "seq" LIMIT ?`),
    // Rows get their seq under the inbox's write lock, so every row up to a seq read is committed; and
    // AUTOINCREMENT never hands out a seq again once the inbox has emptied, so a mover in another
    // process (one worker per web process) that deletes up to what it read cannot delete a newer row.
    removeUpTo: db.prepare(`DELETE FROM "WebhookDelivery" WHERE "seq" <= ?`),
    checkpoint: () => void db.pragma("wal_checkpoint(PASSIVE)"),
  };
  return openInbox;
}

let moving: Promise<void> = Promise.resolve();

/**
 * Move every delivery in the inbox into WebhookEvent (SQLite; nothing to do on PostgreSQL), oldest
 * first: a repeat of an event already recorded is dropped by the same ON CONFLICT the web process's
 * INSERT used, and rows are deleted from the inbox only after they are in WebhookEvent — a kill in
 * between moves them again, and again they are dropped as repeats. Calls in one process run one after another.
 */
export function moveWebhookInbox(): Promise<void> {
  const file = databaseDialect().webhookInboxFile;
  if (!file) return Promise.resolve();
  const inbox = webhookInbox(file);
  moving = moving.then(async () => {
    let rowsMoved = 0;
    for (let rows = inbox.oldest.all(INBOX_ROWS_PER_MOVE); rows.length > 0; rows = inbox.oldest.all(INBOX_ROWS_PER_MOVE)) {
      const values = rows.map(
        (row) =>
          sql`(${row.shop}, ${row.eventId}, ${row.topic}, ${row.resourceId}, ${row.facts}, ${row.triggeredAt === null ? null : new Date(row.triggeredAt)}, ${new Date(row.receivedAt)})`,
      );
      await prisma.$executeRaw`INSERT INTO "WebhookEvent" ("shop", "eventId", "topic", "resourceId", "facts", "triggeredAt", "receivedAt")
        VALUES ${join(values)} ON CONFLICT ("shop", "eventId") DO NOTHING`;
      inbox.removeUpTo.run(rows.at(-1)!.seq);
      rowsMoved += rows.length;
    }
    if (rowsMoved > 0) inbox.checkpoint();
  });
  const moved = moving;
  moving = moving.catch(() => {}); // the next call tries again
  return moved;
}
