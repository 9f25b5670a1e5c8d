// Persistence of touchpoints: the shop's UTM rules for channels (docs/touchpoints.md §2) and the journeys of
// orders (§4).
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { DEFAULT_UTM_RULES, validateUtmRules, type MarketingTactic, type UtmRule, type UtmRuleError } from "../domain/touchpoints/channels";
import { mergeJourney, type JourneyOrigin, type JourneyRecord, type StoredVisit } from "../domain/touchpoints/journey-record";
import type { Column, Value, WriteStep } from "../db-write-steps";

/** The shop's UTM rules; the defaults until the merchant saves their own (an empty list is a choice). */
export async function loadUtmRules(shop: string): Promise<UtmRule[]> {
  const row = await prisma.touchpointSettings.findUnique({ where: { shop }, select: { utmRules: true } });
  if (row === null) return [...DEFAULT_UTM_RULES];
  // Stored rules were validated on save; re-validating keeps a hand-edited row from breaking the mapping.
  const parsed = validateUtmRules(JSON.parse(row.utmRules) as { field?: unknown; value?: unknown; channel?: unknown }[]);
  return parsed.ok ? parsed.rules : [...DEFAULT_UTM_RULES];
}

/** Validates and saves the merchant's rules (replacing the previous list); nothing is saved on errors. */
export async function saveUtmRules(
  shop: string,
  raw: readonly { field?: unknown; value?: unknown; channel?: unknown }[],
): Promise<{ ok: true; rules: UtmRule[] } | { ok: false; errors: UtmRuleError[] }> {
  const result = validateUtmRules(raw);
  if (!result.ok) return result;
  const utmRules = JSON.stringify(result.rules);
  await prisma.touchpointSettings.upsert({ where: { shop }, create: { shop, utmRules }, update: { utmRules } });
  return result;
}

/** A read of an order's journey; `processedAt` (the order's) when the reader knows it. */
export interface JourneyRead {
  orderId: string;
  journey: JourneyRecord;
  processedAt?: Date;
}

type JourneyRow = Omit<Prisma.OrderJourneyUncheckedCreateInput, "shop" | "orderId" | "updatedAt">;

function visitColumns(prefix: "first" | "last", visit: StoredVisit | null): Record<string, string | Date | null> {
  return {
    [`${prefix}Source`]: visit?.source ?? null,
    [`${prefix}SourceType`]: visit?.sourceType ?? null,
    [`${prefix}UtmSource`]: visit?.utmSource ?? null,
    [`${prefix}UtmMedium`]: visit?.utmMedium ?? null,
    [`${prefix}UtmCampaign`]: visit?.utmCampaign ?? null,
    [`${prefix}ReferrerHost`]: visit?.referrerHost ?? null,
    [`${prefix}MarketingEventId`]: visit?.marketingEventId ?? null,
    [`${prefix}OccurredAt`]: visit?.occurredAt ?? null,
  };
}

function toRow(record: JourneyRecord): JourneyRow {
  return {
    origin: record.origin,
    ready: record.ready,
    customerOrderIndex: record.customerOrderIndex,
    daysToConversion: record.daysToConversion,
    momentsCount: record.momentsCount,
    ...visitColumns("first", record.first),
    ...visitColumns("last", record.last),
  } as JourneyRow;
}

const VISIT_COLUMNS = [
  "Source",
  "SourceType",
  "UtmSource",
  "UtmMedium",
  "UtmCampaign",
  "ReferrerHost",
  "MarketingEventId",
  "OccurredAt",
] as const;
const JOURNEY_COLUMNS = [
  "shop",
  "orderId",
  "origin",
  "ready",
  "customerOrderIndex",
  "daysToConversion",
  "momentsCount",
  ...VISIT_COLUMNS.map((c) => `first${c}`),
  ...VISIT_COLUMNS.map((c) => `last${c}`),
  "processedAt",
  "updatedAt",
] as Column<"OrderJourney">[];

function visitValues(visit: StoredVisit | null): Value[] {
  return visit
    ? [
        visit.source,
        visit.sourceType,
        visit.utmSource,
        visit.utmMedium,
        visit.utmCampaign,
        visit.referrerHost,
        visit.marketingEventId,
        visit.occurredAt,
      ]
    : [null, null, null, null, null, null, null, null];
}

/**
 * The backfill's journeys as one write step (rows of the orders file's batch, written with its orders).
 * A plain upsert, not mergeJourney: the backfill's summary is the newest read of every order it holds,
 * and a summary outranks the webhook's fields, so the merge would keep it anyway.
 */
export function orderJourneyUpserts(shop: string, reads: readonly JourneyRead[], now: Date): WriteStep {
  const rows = reads.map(({ orderId, journey: j, processedAt }): Value[] => [
    shop,
    orderId,
    j.origin,
    j.ready,
    j.customerOrderIndex,
    j.daysToConversion,
    j.momentsCount,
    ...visitValues(j.first),
    ...visitValues(j.last),
    processedAt ?? null,
    now,
  ]);
  return { upsert: { table: "OrderJourney", keyColumns: ["shop", "orderId"], columns: JOURNEY_COLUMNS, rows } };
}

type StoredRow = Awaited<ReturnType<typeof prisma.orderJourney.findMany>>[number];

function visitOf(row: StoredRow, prefix: "first" | "last"): StoredVisit | null {
  const get = (name: string) => (row as unknown as Record<string, string | Date | null>)[`${prefix}${name}`] ?? null;
  const visit: StoredVisit = {
    source: get("Source") as string | null,
    sourceType: get("SourceType") as MarketingTactic | null,
    utmSource: get("UtmSource") as string | null,
    utmMedium: get("UtmMedium") as string | null,
    utmCampaign: get("UtmCampaign") as string | null,
    referrerHost: get("ReferrerHost") as string | null,
    marketingEventId: get("MarketingEventId") as string | null,
    occurredAt: get("OccurredAt") as Date | null,
  };
  return Object.values(visit).every((value) => value === null) ? null : visit;
}

function fromRow(row: StoredRow): JourneyRecord {
  return {
    origin: row.origin as JourneyOrigin,
    ready: row.ready,
    customerOrderIndex: row.customerOrderIndex,
    daysToConversion: row.daysToConversion,
    momentsCount: row.momentsCount,
    first: visitOf(row, "first"),
    last: visitOf(row, "last"),
  };
}

/** The stored journeys of some orders (by order GID). */
export async function loadOrderJourneys(shop: string, orderIds: readonly string[]): Promise<Map<string, JourneyRecord>> {
  const rows = await prisma.orderJourney.findMany({ where: { shop, orderId: { in: [...orderIds] } } });
  return new Map(rows.map((row) => [row.orderId, fromRow(row)]));
}

/**
 * Stores journey reads (webhook, re-read, reconciliation), keeping per order the most complete one
 * (mergeJourney): the same reads stored twice, or in another order, leave the same rows.
 */
export async function saveOrderJourneys(shop: string, reads: readonly JourneyRead[]): Promise<void> {
  if (reads.length === 0) return;
  await prisma.$transaction(async (tx) => {
    const existing = new Map(
      (await tx.orderJourney.findMany({ where: { shop, orderId: { in: reads.map((r) => r.orderId) } } })).map((row) => [
        row.orderId,
        fromRow(row),
      ]),
    );
    for (const { orderId, journey, processedAt } of reads) {
      const current = existing.get(orderId) ?? null;
      const kept = mergeJourney(current, journey);
      existing.set(orderId, kept);
      if (kept === current) continue;
      const data = { ...toRow(kept), ...(processedAt ? { processedAt } : {}) };
      await tx.orderJourney.upsert({ where: { shop_orderId: { shop, orderId } }, create: { shop, orderId, ...data }, update: data });
    }
  });
}

/**
 * Orders whose journey summary is to be read again: not ready (or only the webhook's fields), the order
 * processed in [processedFrom, processedTo] (Shopify attributes sessions within a few minutes, and only
 * within its 30-day window: older unfinished summaries stay as read), and not read since `readBefore`
 * (a summary still unfinished waits before the next read). The longest-unread first, so every order gets
 * its turn however many wait.
 */
export async function ordersAwaitingJourney(
  shop: string,
  { processedFrom, processedTo, readBefore, limit }: { processedFrom: Date; processedTo: Date; readBefore: Date; limit: number },
): Promise<string[]> {
  const rows = await prisma.orderJourney.findMany({
    where: { shop, ready: false, processedAt: { gte: processedFrom, lte: processedTo }, updatedAt: { lt: readBefore } },
    select: { orderId: true },
    orderBy: [{ updatedAt: "asc" }, { orderId: "asc" }],
    take: limit,
  });
  return rows.map((row) => row.orderId);
}

/** Shops with a journey summary to read again (the re-read schedule's list). */
export async function listShopsAwaitingJourneys(processedFrom: Date): Promise<string[]> {
  const rows = await prisma.orderJourney.findMany({
    where: { ready: false, processedAt: { gte: processedFrom } },
    distinct: ["shop"],
    select: { shop: true },
  });
  return rows.map((row) => row.shop);
}
