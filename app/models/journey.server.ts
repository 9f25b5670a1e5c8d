// Persistence of the journey: abandoned checkouts, the daily journey rows, the journey map, and the
// sums the journey page reads (a period is at most a few thousand rows of JourneyDay plus small
// aggregates over reviews and NPS answers, whatever the number of customers).
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { zoneCalendar, type EpochDay } from "../domain/calendar";
import { NON_QUALIFYING_FINANCIAL_STATUSES } from "../domain/lifecycle";
import { addTotals, EMPTY_TOTALS, type JourneyTotals } from "../domain/journey/definitions";
import { readJourneyMap, type JourneyMap } from "../domain/journey/journey-map";
import { countDailyJourney, type CustomerMilestones } from "../domain/journey/stage-arrivals";
import { summarizeJourney } from "../domain/journey/funnel";
import { periodDates, resolvePeriod, type JourneyPeriod, type PeriodRequest } from "../domain/journey/period";
import { SEGMENTS_FOR_STAGE } from "../domain/journey/stages";
import { HOME_SHOP_COLUMNS, loadHomeSummary, type HomeSummary } from "./home.server";
import { readPlaybook, type Playbook } from "../domain/journey/playbook";
import { upsertRows } from "./upsert-rows.server";

export interface AbandonedCheckoutRow {
  id: string;
  customerId: string | null;
  createdAt: Date;
  completedAt: Date | null;
  totalPrice: number;
}

export async function saveAbandonedCheckouts(shop: string, rows: readonly AbandonedCheckoutRow[]): Promise<void> {
  await upsertRows(
    "AbandonedCheckout",
    ["shop", "id"],
    ["shop", "id", "customerId", "createdAt", "completedAt", "totalPrice"],
    rows.map((r) => [shop, r.id, r.customerId, r.createdAt, r.completedAt, r.totalPrice]),
  );
}

export async function checkoutsSyncedThrough(shop: string): Promise<Date | null> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { checkoutsSyncedThrough: true } });
  return row?.checkoutsSyncedThrough ?? null;
}

export async function markCheckoutsSyncedThrough(shop: string, at: Date): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { checkoutsSyncedThrough: at } });
}

// The same rule as app/domain/lifecycle.ts isQualifyingOrder, in SQL: not test, not cancelled, no
// non-qualifying financial status (refunded, voided, expired), not refunded in full.
// (NOT on the flags: SQLite stores booleans as 0/1, PostgreSQL as booleans.)
const QUALIFYING_ORDER_SQL = Prisma.sql`NOT "test" AND NOT "cancelled"
  AND COALESCE(UPPER("financialStatus"), '') NOT IN (${Prisma.join(NON_QUALIFYING_FINANCIAL_STATUSES)})
  AND NOT ("totalPrice" > 0 AND "totalRefunded" >= "totalPrice")`;

/**
 * Recomputes the shop's JourneyDay rows from customers, qualifying orders and abandoned checkouts.
 * Only the first two qualifying orders of each customer and per-day repeat counts are needed, so the
 * orders are read as (customer, time) pairs, never as whole rows.
 */
export async function rebuildJourneyDays(shop: string, timeZone: string, at: Date): Promise<number> {
  const [customers, orders, checkouts] = await Promise.all([
    prisma.customer.findMany({ where: { shop }, select: { id: true, shopifyCreatedAt: true } }),
    prisma.$queryRaw<{ customerId: string; processedAt: number | bigint | Date }[]>`
      SELECT "customerId", "processedAt" FROM "Order"
      WHERE "shop" = ${shop} AND "customerId" IS NOT NULL AND ${QUALIFYING_ORDER_SQL}`,
    prisma.abandonedCheckout.findMany({ where: { shop }, select: { customerId: true, createdAt: true, completedAt: true } }),
  ]);
  const milestones = new Map<string, CustomerMilestones & { qualifyingOrderTimes: Date[] }>(
    customers.map((c) => [c.id, { createdAt: c.shopifyCreatedAt, firstAbandonedCheckoutAt: null, qualifyingOrderTimes: [] }]),
  );
  for (const order of orders) milestones.get(order.customerId)?.qualifyingOrderTimes.push(toDate(order.processedAt));
  for (const checkout of checkouts) {
    const customer = checkout.customerId ? milestones.get(checkout.customerId) : undefined;
    if (customer && (!customer.firstAbandonedCheckoutAt || checkout.createdAt < customer.firstAbandonedCheckoutAt)) {
      customer.firstAbandonedCheckoutAt = checkout.createdAt;
    }
  }
  const days = countDailyJourney(
    milestones.values(),
    checkouts.map((c) => ({ createdAt: c.createdAt, recovered: c.completedAt !== null })),
    timeZone,
  );
  await prisma.$transaction([
    prisma.journeyDay.deleteMany({ where: { shop } }),
    prisma.journeyDay.createMany({ data: [...days].map(([day, counts]) => ({ shop, day, ...counts })) }),
    prisma.shop.update({ where: { shop }, data: { journeyComputedAt: at } }),
  ]);
  return days.size;
}

/** SQLite hands raw DATETIME columns back as epoch milliseconds (Prisma's format) or a Date. */
function toDate(value: number | bigint | Date): Date {
  return value instanceof Date ? value : new Date(Number(value));
}

const SUMMED_COLUMNS = [
  "newCustomers", "firstCheckouts", "firstOrders", "secondOrders", "abandonedCheckouts", "recoveredCheckouts", "repeatOrders",
] as const;

type Count = bigint | number | null;
const count = (value: Count | undefined) => Number(value ?? 0);

/**
 * Totals of a period and of the period before it (shop-local days [previousFrom, from) and [from, to)):
 * daily rows plus live review and NPS aggregates — one statement (four single-row aggregates, each an
 * indexed range read), so a page view costs one round trip whatever the shop's size.
 */
export async function loadJourneyTotals(
  shop: string,
  timeZone: string,
  { previousFrom, from, to }: { previousFrom: EpochDay; from: EpochDay; to: EpochDay },
): Promise<{ current: JourneyTotals; previous: JourneyTotals; advocacyCollected: boolean }> {
  const calendar = zoneCalendar(timeZone);
  const [previousStart, start, end] = [previousFrom, from, to].map((day) => new Date(calendar.startOfLocalDay(day)));
  const sums = (when: Prisma.Sql, prefix: string) =>
    Prisma.join(SUMMED_COLUMNS.map((c) => Prisma.sql`SUM(CASE WHEN ${when} THEN ${Prisma.raw(`"${c}"`)} ELSE 0 END) AS ${Prisma.raw(`"${prefix}${c}"`)}`));
  // Written for both SQLite and PostgreSQL: aggregate FILTER clauses, aliased subqueries.
  const [row] = await prisma.$queryRaw<Record<string, Count>[]>`
    SELECT * FROM
    (SELECT ${sums(Prisma.sql`"day" >= ${from}`, "current.")}, ${sums(Prisma.sql`"day" < ${from}`, "previous.")}
      FROM "JourneyDay" WHERE "shop" = ${shop} AND "day" >= ${previousFrom} AND "day" < ${to}) AS "days",
    (SELECT
        (SELECT COUNT(*) FROM (SELECT 1 FROM "Review" WHERE "shop" = ${shop} LIMIT 1) AS "someReview") +
        (SELECT COUNT(*) FROM (SELECT 1 FROM "NpsAnswer" WHERE "shop" = ${shop} LIMIT 1) AS "someAnswer") AS "any",
        COUNT(*) FILTER (WHERE "createdAt" >= ${start}) AS "reviews", SUM("rating") FILTER (WHERE "createdAt" >= ${start}) AS "ratings",
        COUNT(*) FILTER (WHERE "createdAt" < ${start}) AS "previousReviews", SUM("rating") FILTER (WHERE "createdAt" < ${start}) AS "previousRatings"
      FROM "Review" WHERE "shop" = ${shop} AND "createdAt" >= ${previousStart} AND "createdAt" < ${end}) AS "reviews",
    (SELECT COUNT(*) FILTER (WHERE "createdAt" >= ${start}) AS "answers",
        COUNT(*) FILTER (WHERE "createdAt" >= ${start} AND "score" >= 9) AS "promoters",
        COUNT(*) FILTER (WHERE "createdAt" >= ${start} AND "score" <= 6) AS "detractors",
        COUNT(*) FILTER (WHERE "createdAt" < ${start}) AS "previousAnswers",
        COUNT(*) FILTER (WHERE "createdAt" < ${start} AND "score" >= 9) AS "previousPromoters",
        COUNT(*) FILTER (WHERE "createdAt" < ${start} AND "score" <= 6) AS "previousDetractors"
      FROM "NpsAnswer" WHERE "shop" = ${shop} AND "createdAt" >= ${previousStart} AND "createdAt" < ${end}) AS "nps",
    -- A customer's first act of advocacy: their first review or first promoter answer.
    (SELECT COUNT(*) FILTER (WHERE "first" >= ${start}) AS "advocates", COUNT(*) FILTER (WHERE "first" < ${start}) AS "previousAdvocates" FROM (
        SELECT "customerId", MIN("at") AS "first" FROM (
          SELECT "customerId", "createdAt" AS "at" FROM "Review" WHERE "shop" = ${shop}
          UNION ALL
          SELECT "customerId", "createdAt" AS "at" FROM "NpsAnswer" WHERE "shop" = ${shop} AND "score" >= 9 AND "customerId" IS NOT NULL
        ) AS "acts" GROUP BY "customerId"
      ) AS "firsts" WHERE "first" >= ${previousStart} AND "first" < ${end}) AS "advocacy"`;
  const daily = (prefix: string) => Object.fromEntries(SUMMED_COLUMNS.map((c) => [c, count(row?.[`${prefix}${c}`])]));
  return {
    current: addTotals(EMPTY_TOTALS, {
      ...daily("current."),
      firstAdvocates: count(row?.advocates),
      reviews: count(row?.reviews),
      ratingSum: count(row?.ratings),
      npsAnswers: count(row?.answers),
      npsPromoters: count(row?.promoters),
      npsDetractors: count(row?.detractors),
    }),
    previous: addTotals(EMPTY_TOTALS, {
      ...daily("previous."),
      firstAdvocates: count(row?.previousAdvocates),
      reviews: count(row?.previousReviews),
      ratingSum: count(row?.previousRatings),
      npsAnswers: count(row?.previousAnswers),
      npsPromoters: count(row?.previousPromoters),
      npsDetractors: count(row?.previousDetractors),
    }),
    advocacyCollected: count(row?.any) > 0,
  };
}

export interface JourneyShop {
  /** the Shop columns the home summary shows; null when the shop has no row */
  home: HomeSummary["settings"] | null;
  ianaTimezone: string;
  currencyCode: string;
  journeyMap: JourneyMap;
  journeyComputedAt: Date | null;
  playbook: Playbook;
}

export async function loadJourneyShop(shop: string): Promise<JourneyShop> {
  const row = await prisma.shop.findUnique({
    where: { shop },
    select: { ...HOME_SHOP_COLUMNS, currencyCode: true, journeyMap: true, journeyComputedAt: true, playbook: true },
  });
  return {
    home: row && { tagPrefix: row.tagPrefix, ianaTimezone: row.ianaTimezone, dormantAfterDays: row.dormantAfterDays, churnedAfterDays: row.churnedAfterDays, vipTopPercent: row.vipTopPercent },
    ianaTimezone: row?.ianaTimezone ?? "UTC",
    currencyCode: row?.currencyCode ?? "USD",
    journeyMap: readJourneyMap(row?.journeyMap ?? null),
    journeyComputedAt: row?.journeyComputedAt ?? null,
    playbook: readPlaybook(row?.playbook ?? null),
  };
}

export async function saveJourneyMap(shop: string, map: JourneyMap): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { journeyMap: JSON.stringify(map) } });
}

/** Everything the journey page shows for a period request, in one call (the route stays thin). */
export async function loadJourneyPage(shop: string, request: PeriodRequest, now: Date) {
  const journeyShop = await loadJourneyShop(shop);
  const resolved = resolvePeriod(request, now, journeyShop.ianaTimezone);
  const period = resolved.ok ? resolved.period : (resolvePeriod({}, now, journeyShop.ianaTimezone) as { ok: true; period: JourneyPeriod }).period;
  const [home, { current, previous, advocacyCollected }] = await Promise.all([
    loadHomeSummary(shop, journeyShop.home),
    loadJourneyTotals(shop, journeyShop.ianaTimezone, period),
  ]);
  const summary = summarizeJourney(current, previous, journeyShop.journeyMap, period.days, { advocacyCollected });
  const bottleneckSegments = summary.bottleneck ? SEGMENTS_FOR_STAGE[summary.bottleneck.stage] : [];
  return {
    periodError: resolved.ok ? null : resolved.error,
    period: { preset: period.preset, days: period.days, ...periodDates(period) },
    summary,
    journeyMap: journeyShop.journeyMap,
    advocacyCollected,
    computedAt: journeyShop.journeyComputedAt?.toISOString() ?? null,
    currencyCode: journeyShop.currencyCode,
    timeZone: journeyShop.ianaTimezone,
    bottleneckPlaybook: bottleneckSegments.map((segment) => ({ segment, ...journeyShop.playbook[segment] })),
    home,
  };
}
