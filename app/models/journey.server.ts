// Persistence of the journey: abandoned checkouts, the daily journey rows, the journey map, and the
// sums the journey page reads (a period is at most a few thousand rows of JourneyDay plus small
// aggregates over reviews and NPS answers, whatever the number of customers).
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { rawDate } from "../db-dialect";
import { localDay, zoneCalendar, type EpochDay } from "../domain/calendar";
import { ADVOCACY_COLUMNS, countAdvocacyDays, type AdvocacyColumn, type DailyAdvocacyCounts } from "../domain/journey/advocacy-days";
import { addTotals, type JourneyTotals, type StepCohorts } from "../domain/journey/definitions";
import { NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from "../domain/reviews";
import {
  DAILY_COLUMNS,
  firstSliceDay,
  sliceStarts,
  sumSlices,
  type CohortRange,
  type DaySlice,
  type SliceRanges,
} from "../domain/journey/day-slices";
import { readJourneyMap, stepWindows, type JourneyMap, type StepWindows } from "../domain/journey/journey-map";
import { countDailyJourney, type CustomerMilestones, type DailyJourneyCounts } from "../domain/journey/stage-arrivals";
import { summarizeJourney } from "../domain/journey/funnel";
import type { StepValue } from "../domain/journey/step-value";
import type { ConvertingStage } from "../domain/journey/stages";
import { periodDates, resolvePeriod, type JourneyPeriod, type PeriodRequest } from "../domain/journey/period";
import { SEGMENTS_FOR_STAGE } from "../domain/journey/stages";
import { HOME_SHOP_COLUMNS, HOME_SYNC_RUN_COLUMNS, homeSummaryOf, type HomeReads, type HomeSummary, type HomeSyncRun } from "./home.server";
import { readPlaybook, type Playbook } from "../domain/journey/playbook";
import { upsertRows } from "./upsert-rows.server";
import { QUALIFYING_ORDER_SQL } from "./qualifying-orders.server";
import { loadSegmentMoney, type SegmentMoneyReads } from "./segments-report.server";
import type { SegmentsAggregate } from "../domain/segments-aggregate";
import type { PeriodDays } from "../domain/report-periods";
import { applyStageMeasure, chooseStageMeasure } from "../domain/journey/traffic-measure";
import { loadTrafficTotals } from "./traffic.server";

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

/** What the JourneyDay cohort columns were computed with (stored on the shop as JSON). */
export interface JourneyCohortBasis {
  /** The last complete local day of the data: a step's window has elapsed for arrivals up to asOfDay − window. */
  asOfDay: EpochDay;
  windows: StepWindows;
  stepValues: Record<ConvertingStage, StepValue>;
  /**
   * The last day whose reviews, NPS answers and first acts of advocacy the rows hold (later days are read
   * live); absent for rows written before the rows held them, which are then read live (docs/decisions/053).
   */
  advocacyThroughDay?: EpochDay;
}

function readCohortBasis(stored: string | null): JourneyCohortBasis | null {
  if (!stored) return null;
  try {
    const basis = JSON.parse(stored) as JourneyCohortBasis;
    return Number.isInteger(basis.asOfDay) && basis.windows && basis.stepValues ? basis : null;
  } catch {
    return null;
  }
}

// An NPS answer's category in SQL (docs/domain.md, NPS).
const PROMOTER = Prisma.sql`"score" >= ${NPS_PROMOTER_MIN}`;
const DETRACTOR = Prisma.sql`"score" <= ${NPS_DETRACTOR_MAX}`;

// Three columns a row: well under SQLite's bound-parameter limit.
const ADVOCACY_ROWS_PER_INSERT = 5_000;

/**
 * Recomputes the shop's JourneyDay rows from customers, qualifying orders, abandoned checkouts,
 * reviews, NPS answers and first acts of advocacy, with the journey map's step windows, and each
 * customer's first act of advocacy (CustomerAdvocacy) from the reviews and answers themselves. Orders
 * are read as (customer, time, net amount) triples, never as whole rows. The figures are complete up to
 * the day before `at`.
 */
export async function rebuildJourneyDays(shop: string, timeZone: string, at: Date): Promise<number> {
  const [shopRow, customers, orders, checkouts, advocates, reviews, answers] = await Promise.all([
    prisma.shop.findUnique({ where: { shop }, select: { journeyMap: true } }),
    prisma.customer.findMany({ where: { shop }, select: { id: true, shopifyCreatedAt: true } }),
    prisma.$queryRaw<{ customerId: string; processedAt: number | bigint | string | Date; amount: number | string | null }[]>`
      SELECT "customerId", "processedAt", "totalPrice" - "totalRefunded" AS "amount" FROM "Order"
      WHERE "shop" = ${shop} AND "customerId" IS NOT NULL AND ${QUALIFYING_ORDER_SQL}`,
    prisma.abandonedCheckout.findMany({ where: { shop }, select: { customerId: true, createdAt: true, completedAt: true } }),
    prisma.$queryRaw<{ customerId: string; first: number | bigint | string | Date }[]>`
      SELECT "customerId", MIN("at") AS "first" FROM (
        SELECT "customerId", "createdAt" AS "at" FROM "Review" WHERE "shop" = ${shop}
        UNION ALL
        SELECT "customerId", "createdAt" AS "at" FROM "NpsAnswer" WHERE "shop" = ${shop} AND ${PROMOTER} AND "customerId" IS NOT NULL
      ) AS "acts" GROUP BY "customerId"`,
    prisma.$queryRaw<{ createdAt: number | bigint | string | Date; rating: number }[]>`
      SELECT "createdAt", "rating" FROM "Review" WHERE "shop" = ${shop}`,
    prisma.$queryRaw<{ createdAt: number | bigint | string | Date; score: number }[]>`
      SELECT "createdAt", "score" FROM "NpsAnswer" WHERE "shop" = ${shop}`,
  ]);
  const milestones = new Map<string, CustomerMilestones & { qualifyingOrders: { at: Date; amount: number }[] }>(
    customers.map((c) => [
      c.id,
      { createdAt: c.shopifyCreatedAt, firstAbandonedCheckoutAt: null, qualifyingOrders: [], firstAdvocacyAt: null },
    ]),
  );
  for (const order of orders) {
    milestones
      .get(order.customerId)
      ?.qualifyingOrders.push({ at: rawDate(order.processedAt), amount: Math.max(0, Number(order.amount ?? 0)) });
  }
  for (const checkout of checkouts) {
    const customer = checkout.customerId ? milestones.get(checkout.customerId) : undefined;
    if (customer && (!customer.firstAbandonedCheckoutAt || checkout.createdAt < customer.firstAbandonedCheckoutAt)) {
      customer.firstAbandonedCheckoutAt = checkout.createdAt;
    }
  }
  for (const advocate of advocates) {
    const customer = milestones.get(advocate.customerId);
    if (customer) customer.firstAdvocacyAt = rawDate(advocate.first);
  }
  const windows = stepWindows(readJourneyMap(shopRow?.journeyMap ?? null));
  const asOfDay = zoneCalendar(timeZone).localDay(at) - 1;
  const { days, stepValues } = countDailyJourney(
    milestones.values(),
    checkouts.map((c) => ({ createdAt: c.createdAt, recovered: c.completedAt !== null })),
    timeZone,
    { windows, asOfDay },
  );
  const firstActs = advocates.map((a) => ({ shop, customerId: a.customerId, firstAt: rawDate(a.first) }));
  const advocacyDays = countAdvocacyDays(
    {
      reviews: reviews.map((r) => ({ createdAt: rawDate(r.createdAt), rating: Number(r.rating) })),
      answers: answers.map((a) => ({ createdAt: rawDate(a.createdAt), score: Number(a.score) })),
      firstActs: firstActs.map((a) => a.firstAt),
    },
    timeZone,
    asOfDay,
  );
  const rows = new Map<EpochDay, Partial<DailyJourneyCounts & DailyAdvocacyCounts>>(days);
  for (const [day, counts] of advocacyDays) rows.set(day, { ...rows.get(day), ...counts });
  const basis: JourneyCohortBasis = { asOfDay, windows, stepValues, advocacyThroughDay: asOfDay };
  await prisma.$transaction([
    prisma.journeyDay.deleteMany({ where: { shop } }),
    prisma.journeyDay.createMany({ data: [...rows].map(([day, counts]) => ({ shop, day, ...counts })) }),
    prisma.customerAdvocacy.deleteMany({ where: { shop } }),
    ...Array.from({ length: Math.ceil(firstActs.length / ADVOCACY_ROWS_PER_INSERT) }, (_, i) =>
      prisma.customerAdvocacy.createMany({ data: firstActs.slice(i * ADVOCACY_ROWS_PER_INSERT, (i + 1) * ADVOCACY_ROWS_PER_INSERT) }),
    ),
    prisma.shop.update({ where: { shop }, data: { journeyComputedAt: at, journeyCohorts: JSON.stringify(basis) } }),
  ]);
  return rows.size;
}

/**
 * After a write that added, changed or removed reviews, NPS answers or first acts of advocacy at `times`:
 * the advocacy columns of those times' days that the rows hold (through advocacyThroughDay) are counted
 * again from the tables, one statement a day. Later days are read live, so a new review or answer (written
 * now) costs one read of the shop's row.
 */
export async function refreshAdvocacyDays(shop: string, times: readonly Date[]): Promise<void> {
  const [row] = await prisma.$queryRaw<{ ianaTimezone: string; journeyCohorts: string | null }[]>`
    SELECT "ianaTimezone", "journeyCohorts" FROM "Shop" WHERE "shop" = ${shop}`;
  const through = readCohortBasis(row?.journeyCohorts ?? null)?.advocacyThroughDay;
  if (!row || through === undefined) return;
  const calendar = zoneCalendar(row.ianaTimezone);
  const days = new Set(times.map((at) => calendar.localDay(at)).filter((day) => day <= through));
  for (const day of days) {
    const [start, end] = [day, day + 1].map((d) => new Date(calendar.startOfLocalDay(d)));
    const inDay = (column: string) =>
      Prisma.sql`"shop" = ${shop} AND ${Prisma.raw(`"${column}"`)} >= ${start} AND ${Prisma.raw(`"${column}"`)} < ${end}`;
    // WHERE 1 = 1: SQLite needs a WHERE before an upsert's ON CONFLICT after a join.
    await prisma.$executeRaw`
      INSERT INTO "JourneyDay" ("shop", "day", ${Prisma.raw(ADVOCACY_COLUMNS.map((c) => `"${c}"`).join(", "))})
      SELECT ${shop}, ${dayLiteral(day)}, "r"."reviews", "r"."ratingSum", "n"."npsAnswers", "n"."npsPromoters", "n"."npsDetractors", "a"."firstAdvocates"
      FROM (SELECT COUNT(*) AS "reviews", COALESCE(SUM("rating"), 0) AS "ratingSum" FROM "Review" WHERE ${inDay("createdAt")}) AS "r"
      CROSS JOIN (SELECT COUNT(*) AS "npsAnswers", COUNT(*) FILTER (WHERE ${PROMOTER}) AS "npsPromoters",
          COUNT(*) FILTER (WHERE ${DETRACTOR}) AS "npsDetractors" FROM "NpsAnswer" WHERE ${inDay("createdAt")}) AS "n"
      CROSS JOIN (SELECT COUNT(*) AS "firstAdvocates" FROM "CustomerAdvocacy" WHERE ${inDay("firstAt")}) AS "a"
      WHERE 1 = 1
      ON CONFLICT ("shop", "day") DO UPDATE SET ${Prisma.raw(ADVOCACY_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(", "))}`;
  }
}

type Count = bigint | number | string | null;
const count = (value: Count | undefined) => Number(value ?? 0);

/** A day number written into the statement (an integer: safe as a literal, and typed as one on PostgreSQL). */
const dayLiteral = (day: EpochDay) => {
  if (!Number.isSafeInteger(day)) throw new Error(`not a day number: ${day}`);
  return Prisma.raw(String(day));
};

/**
 * Totals of a period and of the period before it (shop-local days [previousFrom, from) and [from, to)),
 * each step's cohort in the period, the period before and the baseline [baselineFrom, from) — the
 * windows that elapsed by the basis's last complete day — from daily rows, plus the reviews, NPS answers
 * and first acts of advocacy after the days the rows hold them for (all of them live without
 * advocacyThroughDay), in one statement: the daily rows summed per slice of days (day-slices.ts: a few
 * grouped rows, each column summed once), beside single-row aggregates that are each an indexed range read.
 */
export async function loadJourneyTotals(
  shop: string,
  timeZone: string,
  ranges: SliceRanges,
  basis: Pick<JourneyCohortBasis, "asOfDay" | "windows" | "advocacyThroughDay"> | null,
): Promise<{
  current: JourneyTotals;
  previous: JourneyTotals;
  cohorts: Record<CohortRange, StepCohorts>;
  /** Days of the previous period and of the baseline that the shop's data covers (from its first journey day). */
  coverage: { previousDays: number; baselineDays: number };
  advocacyCollected: boolean;
}> {
  const { previousFrom, baselineFrom, from, to } = ranges;
  const calendar = zoneCalendar(timeZone);
  const elapsed = basis && { asOfDay: basis.asOfDay, windows: basis.windows };
  const first = firstSliceDay(ranges);
  // Each row's slice, named by its first day.
  const starts = sliceStarts(ranges, elapsed);
  const slice = starts.length
    ? Prisma.sql`CASE ${Prisma.join(
        starts.map((start, i) => Prisma.sql`WHEN "day" < ${dayLiteral(start)} THEN ${dayLiteral(i === 0 ? first : starts[i - 1]!)}`),
        " ",
      )} ELSE ${dayLiteral(starts.at(-1)!)} END`
    : dayLiteral(first);
  const sums = Prisma.join(DAILY_COLUMNS.map((c) => Prisma.raw(`SUM("${c}") AS "${c}"`)));
  // Reviews, answers and first acts are read live from here on: the days after those the rows hold.
  const liveFrom = Math.max(previousFrom, (basis?.advocacyThroughDay ?? previousFrom - 1) + 1);
  const [liveStart, start, end] = [liveFrom, from, to].map((day) => new Date(calendar.startOfLocalDay(day)));
  // Written for both SQLite and PostgreSQL: aggregate FILTER clauses, aliased subqueries. The single-row
  // aggregates come first so that a shop without daily rows still gets one row (LEFT JOIN).
  const rows = await prisma.$queryRaw<Record<string, Count>[]>`
    SELECT * FROM
    (SELECT MIN("day") AS "firstDay" FROM "JourneyDay" WHERE "shop" = ${shop}) AS "first"
    CROSS JOIN (SELECT
        (SELECT COUNT(*) FROM (SELECT 1 FROM "Review" WHERE "shop" = ${shop} LIMIT 1) AS "someReview") +
        (SELECT COUNT(*) FROM (SELECT 1 FROM "NpsAnswer" WHERE "shop" = ${shop} LIMIT 1) AS "someAnswer") AS "any",
        COUNT(*) FILTER (WHERE "createdAt" >= ${start}) AS "current_reviews", SUM("rating") FILTER (WHERE "createdAt" >= ${start}) AS "current_ratingSum",
        COUNT(*) FILTER (WHERE "createdAt" < ${start}) AS "previous_reviews", SUM("rating") FILTER (WHERE "createdAt" < ${start}) AS "previous_ratingSum"
      FROM "Review" WHERE "shop" = ${shop} AND "createdAt" >= ${liveStart} AND "createdAt" < ${end}) AS "reviews"
    CROSS JOIN (SELECT COUNT(*) FILTER (WHERE "createdAt" >= ${start}) AS "current_npsAnswers",
        COUNT(*) FILTER (WHERE "createdAt" >= ${start} AND ${PROMOTER}) AS "current_npsPromoters",
        COUNT(*) FILTER (WHERE "createdAt" >= ${start} AND ${DETRACTOR}) AS "current_npsDetractors",
        COUNT(*) FILTER (WHERE "createdAt" < ${start}) AS "previous_npsAnswers",
        COUNT(*) FILTER (WHERE "createdAt" < ${start} AND ${PROMOTER}) AS "previous_npsPromoters",
        COUNT(*) FILTER (WHERE "createdAt" < ${start} AND ${DETRACTOR}) AS "previous_npsDetractors"
      FROM "NpsAnswer" WHERE "shop" = ${shop} AND "createdAt" >= ${liveStart} AND "createdAt" < ${end}) AS "nps"
    -- A customer's first act of advocacy: their first review or first promoter answer.
    CROSS JOIN (SELECT COUNT(*) FILTER (WHERE "firstAt" >= ${start}) AS "current_firstAdvocates", COUNT(*) FILTER (WHERE "firstAt" < ${start}) AS "previous_firstAdvocates"
      FROM "CustomerAdvocacy" WHERE "shop" = ${shop} AND "firstAt" >= ${liveStart} AND "firstAt" < ${end}) AS "advocacy"
    LEFT JOIN (SELECT ${slice} AS "sliceStart", ${sums}
      FROM "JourneyDay" WHERE "shop" = ${shop} AND "day" >= ${first} AND "day" < ${to} GROUP BY 1) AS "slices" ON 1 = 1`;
  const row = rows[0];
  const slices: DaySlice[] = rows
    .filter((r) => r.sliceStart != null)
    .map((r) => ({
      start: count(r.sliceStart),
      sums: Object.fromEntries(DAILY_COLUMNS.map((c) => [c, count(r[c])])) as DaySlice["sums"],
    }));
  // What the live reads found after the rows' complete days, named "<period>_<column>" in the statement.
  const liveSums = (period: "current" | "previous") =>
    Object.fromEntries(ADVOCACY_COLUMNS.map((c) => [c, count(row?.[`${period}_${c}`])])) as Record<AdvocacyColumn, number>;
  const { current, previous, cohorts } = sumSlices(slices, ranges, elapsed);
  return {
    current: addTotals(current, liveSums("current")),
    previous: addTotals(previous, liveSums("previous")),
    cohorts,
    coverage: {
      previousDays: row?.firstDay == null ? 0 : Math.max(0, from - Math.max(previousFrom, count(row.firstDay))),
      baselineDays: row?.firstDay == null ? 0 : Math.max(0, from - Math.max(baselineFrom, count(row.firstDay))),
    },
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
  /** What the journey rows were computed with; null before the first computation. */
  journeyCohorts: JourneyCohortBasis | null;
  playbook: Playbook;
}

const JOURNEY_SHOP_COLUMNS = Prisma.raw(
  [...Object.keys(HOME_SHOP_COLUMNS), "currencyCode", "journeyMap", "journeyComputedAt", "journeyCohorts", "playbook"]
    .map((column) => `"${column}"`)
    .join(", "),
);

type JourneyShopRow = HomeSummary["settings"] & {
  currencyCode: string;
  journeyMap: string | null;
  journeyComputedAt: Date | null;
  journeyCohorts: string | null;
  playbook: string | null;
};

function journeyShopOf(row: JourneyShopRow | undefined): JourneyShop {
  return {
    home: row
      ? {
          tagPrefix: row.tagPrefix,
          ianaTimezone: row.ianaTimezone,
          dormantAfterDays: row.dormantAfterDays,
          churnedAfterDays: row.churnedAfterDays,
          vipTopPercent: row.vipTopPercent,
        }
      : null,
    ianaTimezone: row?.ianaTimezone ?? "UTC",
    currencyCode: row?.currencyCode ?? "USD",
    journeyMap: readJourneyMap(row?.journeyMap ?? null),
    journeyComputedAt: row?.journeyComputedAt ?? null,
    journeyCohorts: readCohortBasis(row?.journeyCohorts ?? null),
    playbook: readPlaybook(row?.playbook ?? null),
  };
}

/** Read raw, as the page's other reads (docs/performance.md, "Page loaders and Prisma's query compiler"). */
export async function loadJourneyShop(shop: string): Promise<JourneyShop> {
  const [row] = await prisma.$queryRaw<JourneyShopRow[]>`SELECT ${JOURNEY_SHOP_COLUMNS} FROM "Shop" WHERE "shop" = ${shop}`;
  return journeyShopOf(row);
}

const RUN_COLUMNS = Prisma.raw(HOME_SYNC_RUN_COLUMNS.map((column) => `"run"."${column}" AS "run.${column}"`).join(", "));

/**
 * The journey page's shop row with the home summary's latest sync run and segment sizes, and the stored
 * segments aggregate and the shop's fit that money by segment starts from: one statement for five (a raw
 * statement still costs ~0.4 ms of CPU in Prisma's client engine; docs/performance.md). One row per
 * snapshot stage, or one row when there is no snapshot; a missing run, aggregate or fit reads as nulls.
 */
async function loadJourneyPageShop(shop: string): Promise<{ journeyShop: JourneyShop; home: HomeReads; money: SegmentMoneyReads }> {
  const rows = await prisma.$queryRaw<
    (Partial<JourneyShopRow> & {
      tagPrefix: string | null;
      snapshotStage: string | null;
      snapshotCustomers: number | bigint | null;
      aggregateComputedAt: Date | null;
      aggregateWatermark: number | null;
      aggregateValue: string | null;
      latestTransitionId: number | bigint | null;
      predictionFittedAt: Date | null;
      predictionOk: boolean | null;
      predictionReason: string | null;
    } & Record<`run.${(typeof HOME_SYNC_RUN_COLUMNS)[number]}`, unknown>)[]
  >`
    SELECT "shop".*, ${RUN_COLUMNS}, "size"."stage" AS "snapshotStage", "size"."customers" AS "snapshotCustomers",
      "aggregate"."computedAt" AS "aggregateComputedAt", "aggregate"."transitionWatermark" AS "aggregateWatermark",
      "aggregate"."value" AS "aggregateValue", "aggregate"."latestTransitionId",
      "prediction"."fittedAt" AS "predictionFittedAt", "prediction"."ok" AS "predictionOk", "prediction"."reason" AS "predictionReason"
    FROM (SELECT 1 AS "one") AS "one"
    LEFT JOIN (SELECT ${JOURNEY_SHOP_COLUMNS} FROM "Shop" WHERE "shop" = ${shop}) AS "shop" ON TRUE
    LEFT JOIN (SELECT * FROM "SyncRun" WHERE "shop" = ${shop} ORDER BY "id" DESC LIMIT 1) AS "run" ON TRUE
    LEFT JOIN (
      SELECT "stage", "customers" FROM "SegmentSnapshot"
      WHERE "shop" = ${shop} AND "day" = (SELECT MAX("day") FROM "SegmentSnapshot" WHERE "shop" = ${shop})
    ) AS "size" ON TRUE
    LEFT JOIN (
      SELECT "computedAt", "transitionWatermark", "value",
        (SELECT MAX("id") FROM "SegmentTransition" WHERE "shop" = ${shop}) AS "latestTransitionId"
      FROM "ShopAggregate" WHERE "shop" = ${shop} AND "kind" = 'segments'
    ) AS "aggregate" ON TRUE
    LEFT JOIN (SELECT "fittedAt", "ok", "reason" FROM "ShopPrediction" WHERE "shop" = ${shop}) AS "prediction" ON TRUE`;
  const first = rows[0];
  const run =
    first["run.status"] === null ? null : (Object.fromEntries(HOME_SYNC_RUN_COLUMNS.map((c) => [c, first[`run.${c}`]])) as HomeSyncRun);
  return {
    journeyShop: journeyShopOf(first.tagPrefix === null ? undefined : (first as JourneyShopRow)),
    home: {
      run,
      snapshot: first.snapshotStage === null ? [] : rows.map((r) => ({ stage: r.snapshotStage!, customers: r.snapshotCustomers! })),
    },
    money: {
      stored:
        first.aggregateValue === null
          ? null
          : {
              computedAt: first.aggregateComputedAt!,
              transitionWatermark: first.aggregateWatermark!,
              value: JSON.parse(first.aggregateValue) as SegmentsAggregate,
            },
      prediction:
        first.predictionFittedAt === null
          ? null
          : { fittedAt: first.predictionFittedAt, ok: first.predictionOk!, reason: first.predictionReason },
      // No transition at all reads as 0, as latestTransitionId() has it.
      latestTransitionId: Number(first.latestTransitionId ?? 0),
    },
  };
}

export async function saveJourneyMap(shop: string, map: JourneyMap): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { journeyMap: JSON.stringify(map) } });
}

/** The journey home's money-by-segment card covers the last 365 days. */
const HOME_MONEY_DAYS: PeriodDays = 365;

/** Everything the journey page shows for a period request, in one call (the route stays thin). */
export async function loadJourneyPage(shop: string, request: PeriodRequest, now: Date) {
  const { journeyShop, home: homeReads, money: moneyReads } = await loadJourneyPageShop(shop);
  const resolved = resolvePeriod(request, now, journeyShop.ianaTimezone);
  const period = resolved.ok
    ? resolved.period
    : (resolvePeriod({}, now, journeyShop.ianaTimezone) as { ok: true; period: JourneyPeriod }).period;
  const basis = journeyShop.journeyCohorts;
  const [home, { current, previous, cohorts, coverage, advocacyCollected }, segmentMoney, traffic] = await Promise.all([
    homeSummaryOf(shop, journeyShop.home, homeReads),
    loadJourneyTotals(shop, journeyShop.ianaTimezone, period, basis),
    loadSegmentMoney(
      shop,
      HOME_MONEY_DAYS,
      now,
      { currencyCode: journeyShop.currencyCode, timeZone: journeyShop.ianaTimezone },
      moneyReads,
    ),
    loadTrafficTotals(shop, period),
  ]);
  const windows = basis?.windows ?? stepWindows(journeyShop.journeyMap);
  // Awareness and consideration in online store sessions where the shop grants ShopifyQL (docs/touchpoints.md §7).
  const stageMeasure = chooseStageMeasure(traffic, period, localDay(now, journeyShop.ianaTimezone) - 1);
  const summary = applyStageMeasure(
    summarizeJourney(
      { current, previous, cohorts, stepValues: basis?.stepValues ?? null, windows, coverage },
      journeyShop.journeyMap,
      period.days,
      { advocacyCollected },
    ),
    stageMeasure,
    traffic,
  );
  // Windows edited in the map apply once the rows are rebuilt (saving the map queues it).
  const windowsPending = JSON.stringify(windows) !== JSON.stringify(stepWindows(journeyShop.journeyMap));
  const bottleneckSegments = summary.bottleneck ? SEGMENTS_FOR_STAGE[summary.bottleneck.stage] : [];
  return {
    periodError: resolved.ok ? null : resolved.error,
    period: { preset: period.preset, days: period.days, ...periodDates(period) },
    summary,
    stageMeasure,
    journeyMap: journeyShop.journeyMap,
    advocacyCollected,
    computedAt: journeyShop.journeyComputedAt?.toISOString() ?? null,
    windowsPending,
    currencyCode: journeyShop.currencyCode,
    timeZone: journeyShop.ianaTimezone,
    bottleneckPlaybook: bottleneckSegments.map((segment) => ({ segment, ...journeyShop.playbook[segment] })),
    home,
    segmentMoney,
  };
}
