// The numbers behind the Segments page: sizes over time, moves between segments in a period, the R×F
// grid beside Shopify's rfmGroup, and the customer lists (drill-down and CSV).
// Everything that needs every customer (stage counts, R/F/M cuts and grid, Shopify's groups, the moves
// of each period) is computed by the whole-shop jobs (refreshSegmentsAggregate, stored as a
// ShopAggregate) and brought up to date with the transitions recorded since when read
// (domain/segments-aggregate.ts): a page view reads a few indexed rows whatever the shop's size.
import { activeSubscriberIds } from "./subscription.server";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { segmentMoney, type SegmentMoney, type SegmentSales } from "../domain/segment-money";
import { QUALIFYING_ORDER_SQL } from "./qualifying-orders.server";
import { loadShopPrediction } from "./prediction.server";
import type { ShopPrediction } from "@prisma/client";
import { formatEpochDay, startOfLocalDay, zoneCalendar } from "../domain/calendar";
import type { RfmScoreValue } from "../domain/rfm";
import { rfGrid, rfmDistributionOf } from "../domain/rfm-distribution";
import { rfmCutsOf, scoreAgainstCuts, type RfmCuts } from "../domain/rfm-cuts";
import { countsAfter, replaceMoves, type SegmentsAggregate, type ShopifyRfmRow } from "../domain/segments-aggregate";
import {
  buildTransitionMatrix,
  movesBetween,
  MOVE_ORIGINS,
  netMoves,
  type CustomerMove,
  type MoveOrigin,
  type TransitionFact,
  type TransitionMatrix,
} from "../domain/transition-matrix";
import { parsePeriodDays, PERIOD_DAYS, type PeriodDays } from "../domain/report-periods";
import { othersOf, parseSubscriberFilter, type SegmentFigures, type SubscriberFilter } from "../domain/subscriber-filter";
import { LIFECYCLE_STAGES, type CustomerHistory, type LifecycleStage } from "../domain/types";
import { firstClassifiedAt } from "./segment-history.server";
import { reconstructStageOf, reconstructStagesAsOf } from "../domain/segment-history";
import type { VipCut } from "../domain/lifecycle";
import { loadCustomerHistories } from "./customer.server";
import { getShopSettings } from "./shop.server";
import { latestTransitionId, loadShopAggregate, saveShopAggregate, type StoredAggregate } from "./shop-aggregate.server";
import { shopMemo } from "./shop-memo.server";
import { cursorOf, keysetWhere, orderByOf, parseCursor, searchWhere } from "./customer-list-order.server";
import { compareRows, DEFAULT_LIST_VIEW, matchesSearch, type CustomerListView } from "../domain/customer-list-view";
import { chunks } from "../domain/chunks";

const CUSTOMERS_PAGE_SIZE = 50;

/** Whose customers a list shows: a segment now (everyone, its subscribers or the others), or the customers who moved from → to in a period. */
export type CustomerFilter =
  | { kind: "stage"; stage: LifecycleStage; subscriber: SubscriberFilter }
  | { kind: "move"; from: MoveOrigin; to: LifecycleStage; periodDays: PeriodDays };

const isStage = (value: string | null): value is LifecycleStage => (LIFECYCLE_STAGES as readonly (string | null)[]).includes(value);

/** The filter of a drill-down / CSV URL (?stage=vip[&subscriber=yes|no], or ?from=new&to=vip&period=90); null when malformed. */
export function parseCustomerFilter(params: URLSearchParams): CustomerFilter | null {
  const stage = params.get("stage");
  const from = params.get("from");
  const to = params.get("to");
  if (stage !== null) {
    const subscriber = parseSubscriberFilter(params.get("subscriber"));
    return isStage(stage) && subscriber !== null && from === null && to === null ? { kind: "stage", stage, subscriber } : null;
  }
  if (params.has("subscriber")) return null;
  const periodDays = parsePeriodDays(params.get("period"));
  if (!(MOVE_ORIGINS as readonly (string | null)[]).includes(from) || !isStage(to) || periodDays === null || from === to) return null;
  return { kind: "move", from: from as MoveOrigin, to, periodDays };
}

interface ShopFacts {
  currencyCode: string;
  timeZone: string;
}

async function shopFacts(shop: string): Promise<ShopFacts> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true, ianaTimezone: true } });
  return { currencyCode: row?.currencyCode ?? "USD", timeZone: row?.ianaTimezone ?? "UTC" };
}

/** The last `days` shop-local days, today included: [start of the first one, start of tomorrow). */
function periodOf(periodDays: PeriodDays, now: Date, timeZone: string): { from: Date; to: Date; firstDay: string; lastDay: string } {
  const today = zoneCalendar(timeZone).localDay(now);
  return {
    from: startOfLocalDay(today - periodDays + 1, timeZone),
    to: startOfLocalDay(today + 1, timeZone),
    firstDay: formatEpochDay(today - periodDays + 1),
    lastDay: formatEpochDay(today),
  };
}

const asFact = (t: { id: number; customerId: string; fromStage: string | null; toStage: string; at: Date }): TransitionFact => ({
  customerId: t.customerId,
  fromStage: t.fromStage as LifecycleStage | null,
  toStage: t.toStage as LifecycleStage,
  at: t.at,
  sequence: t.id,
});

const TRANSITION_COLUMNS = { id: true, customerId: true, fromStage: true, toStage: true, at: true } as const;

/**
 * Each customer's net move in the period (transition-matrix.ts): from the recorded transitions, or —
 * when the period begins before install (`classifiedAt`) — estimated from each customer's stage
 * reconstructed from the orders as of the day before the period to their stage now.
 */
async function movesInPeriod(
  shop: string,
  period: { from: Date; to: Date },
  classifiedAt: Date | null,
  timeZone: string,
): Promise<CustomerMove[]> {
  if (startsBeforeInstall(period, classifiedAt)) return (await estimatedMoves(shop, [period], timeZone))[0]!.moves;
  const transitions = await prisma.segmentTransition.findMany({
    where: { shop, at: { gte: period.from, lt: period.to } },
    select: TRANSITION_COLUMNS,
  });
  return netMoves(transitions.map(asFact), period);
}

const startsBeforeInstall = (period: { from: Date }, classifiedAt: Date | null) => classifiedAt !== null && period.from < classifiedAt;

/** The local day before the period: the reconstructed picture its estimated moves start from. */
const dayBefore = (period: { from: Date }, timeZone: string) => zoneCalendar(timeZone).localDay(period.from) - 1;

/** Estimated moves of each period (see movesInPeriod): one read of the orders, one reconstruction per period. */
async function estimatedMoves(
  shop: string,
  periods: readonly { from: Date }[],
  timeZone: string,
): Promise<Array<{ moves: CustomerMove[]; vipCut: VipCut }>> {
  const [histories, settings, customers] = await Promise.all([
    loadCustomerHistories(shop),
    getShopSettings(shop),
    prisma.customer.findMany({ where: { shop }, select: { id: true, stage: true } }),
  ]);
  const now = new Map(customers.flatMap((c) => (isStage(c.stage) ? [[c.id, c.stage] as const] : [])));
  return periods.map((period) => {
    const before = reconstructStagesAsOf(histories, settings.rules, { timeZone, day: dayBefore(period, timeZone) });
    return { moves: movesBetween(before.stages, now), vipCut: before.vipCut };
  });
}

/**
 * The estimated moves of the customers later transitions touched, before and after them: each one's
 * reconstructed stage at the start of the period (that day's stored VIP cut) to their stage at the
 * watermark (the first later transition's origin), then to their stage now (the last one's target).
 */
async function laterEstimatedMoves(
  shop: string,
  later: readonly TransitionFact[],
  { period, vipCut, timeZone }: { period: { from: Date }; vipCut: VipCut; timeZone: string },
): Promise<{ before: CustomerMove[]; after: CustomerMove[] }> {
  const first = new Map<string, TransitionFact>();
  const last = new Map<string, TransitionFact>();
  for (const t of later) {
    if (!first.has(t.customerId)) first.set(t.customerId, t);
    last.set(t.customerId, t);
  }
  const ids = [...first.keys()];
  const histories: CustomerHistory[] = [];
  // SQLite caps bound parameters per statement: ask in chunks.
  for (const chunk of chunks(ids, 500)) histories.push(...(await loadCustomerHistories(shop, chunk)));
  const { rules } = await getShopSettings(shop);
  const day = dayBefore(period, timeZone);
  const before: CustomerMove[] = [];
  const after: CustomerMove[] = [];
  for (const history of histories) {
    const from: MoveOrigin = reconstructStageOf(history, rules, { timeZone, day, vipCut }) ?? "none";
    const atWatermark = first.get(history.customerId)!.fromStage;
    const now = last.get(history.customerId)!.toStage;
    if (atWatermark !== null && atWatermark !== from) before.push({ customerId: history.customerId, from, to: atWatermark });
    if (now !== from) after.push({ customerId: history.customerId, from, to: now });
  }
  return { before, after };
}

// ---------------------------------------------------------------------------------------------------
// The whole-shop numbers

const zeroCounts = () => Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;

/** Sales of the last N days by segment, keyed by N. */
type PeriodSales = Record<string, Record<LifecycleStage, SegmentSales>>;

/**
 * Revenue (net of refunds) and orders of the last N days for each PERIOD_DAYS, by the segment the
 * customers are in now, of everyone and of the subscribers: one grouped read of the longest period's
 * qualifying orders.
 */
async function computeSegmentSales(shop: string, now: Date, timeZone: string): Promise<{ all: PeriodSales; subscribers: PeriodSales }> {
  const periods = PERIOD_DAYS.map((days) => ({ days, ...periodOf(days, now, timeZone) }));
  const longest = periods.reduce((a, b) => (a.days > b.days ? a : b));
  const columns = Prisma.join(
    periods.map(
      ({
        days,
        from,
      }) => Prisma.sql`SUM(CASE WHEN "o"."processedAt" >= ${from} THEN "o"."net" ELSE 0 END) AS ${Prisma.raw(`"revenue${days}"`)},
      SUM(CASE WHEN "o"."processedAt" >= ${from} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"orders${days}"`)}`,
    ),
  );
  const rows = await prisma.$queryRaw<Record<string, string | number | bigint | null>[]>`
    SELECT "c"."stage" AS "stage", "c"."subscriber" AS "subscriber", ${columns}
    FROM (SELECT "customerId", "processedAt", CASE WHEN "totalPrice" > "totalRefunded" THEN "totalPrice" - "totalRefunded" ELSE 0 END AS "net"
          FROM "Order" WHERE "shop" = ${shop} AND "customerId" IS NOT NULL AND "processedAt" >= ${longest.from} AND "processedAt" < ${longest.to}
          AND ${QUALIFYING_ORDER_SQL}) AS "o"
    JOIN "Customer" AS "c" ON "c"."shop" = ${shop} AND "c"."id" = "o"."customerId"
    GROUP BY "c"."stage", "c"."subscriber"`;
  const salesOf = (subscribersOnly: boolean): PeriodSales =>
    Object.fromEntries(
      periods.map(({ days }) => {
        const sales = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, { revenue: 0, orders: 0 }])) as Record<
          LifecycleStage,
          SegmentSales
        >;
        for (const row of rows) {
          const stage = row.stage as string;
          if (!isStage(stage) || (subscribersOnly && !Number(row.subscriber))) continue;
          sales[stage].revenue += Number(row[`revenue${days}`] ?? 0);
          sales[stage].orders += Number(row[`orders${days}`] ?? 0);
        }
        return [days, sales];
      }),
    );
  return { all: salesOf(false), subscribers: salesOf(true) };
}

/** Everything of the Segments page that needs every customer, as of `now`: one read of the customers, one of the longest period's transitions. */
export async function computeSegmentsAggregate(shop: string, now: Date, timeZone: string): Promise<SegmentsAggregate> {
  const calendar = zoneCalendar(timeZone);
  const today = calendar.localDay(now);
  const longest = periodOf(Math.max(...PERIOD_DAYS) as PeriodDays, now, timeZone);
  const [customers, transitions, sales, classifiedAt] = await Promise.all([
    prisma.customer.findMany({
      where: { shop },
      select: {
        stage: true,
        ordersCount: true,
        netSpent: true,
        lastOrderAt: true,
        shopifyRfmGroup: true,
        predictedClv12m: true,
        subscriber: true,
      },
    }),
    prisma.segmentTransition.findMany({ where: { shop, at: { gte: longest.from, lt: longest.to } }, select: TRANSITION_COLUMNS }),
    computeSegmentSales(shop, now, timeZone),
    firstClassifiedAt(shop),
  ]);
  const current = zeroCounts();
  const predictedValue = zeroCounts();
  const subscribers = { current: zeroCounts(), predictedValue: zeroCounts() };
  const groups = new Map<string | null, ShopifyRfmRow>();
  const buyers = [];
  for (const c of customers) {
    if (!isStage(c.stage)) continue;
    current[c.stage] += 1;
    predictedValue[c.stage] += c.predictedClv12m ?? 0;
    if (c.subscriber) {
      subscribers.current[c.stage] += 1;
      subscribers.predictedValue[c.stage] += c.predictedClv12m ?? 0;
    }
    let row = groups.get(c.shopifyRfmGroup);
    if (!row) groups.set(c.shopifyRfmGroup, (row = { group: c.shopifyRfmGroup, total: 0, byStage: zeroCounts() }));
    row.byStage[c.stage] += 1;
    row.total += 1;
    if (c.ordersCount > 0 && c.lastOrderAt)
      buyers.push({ recencyDays: today - calendar.localDay(c.lastOrderAt), frequency: c.ordersCount, monetary: c.netSpent });
  }
  const distribution = buyers.length > 0 ? rfmDistributionOf(buyers) : null;
  const facts = transitions.map(asFact);
  const periods = PERIOD_DAYS.map((days) => ({ days, ...periodOf(days, now, timeZone) }));
  const beforeInstall = periods.filter((p) => startsBeforeInstall(p, classifiedAt));
  const estimated = beforeInstall.length === 0 ? [] : await estimatedMoves(shop, beforeInstall, timeZone);
  const movesOf = (p: (typeof periods)[number]) => {
    const i = beforeInstall.indexOf(p);
    return i >= 0 ? estimated[i]!.moves : netMoves(facts, p);
  };
  return {
    today,
    current,
    rfmCuts: distribution && rfmCutsOf(distribution),
    rfGrid: distribution ? rfGrid(buyers, distribution) : Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]),
    shopifyRfm: [...groups.values()].sort((a, b) => b.total - a.total),
    moves: Object.fromEntries(periods.map((p) => [p.days, buildTransitionMatrix(movesOf(p))])),
    estimatedMoves: Object.fromEntries(beforeInstall.map((p, i) => [p.days, estimated[i]!.vipCut])),
    sales: sales.all,
    predictedValue,
    subscribers: { ...subscribers, sales: sales.subscribers },
  };
}

/** Computes and stores the shop's segments aggregate (the whole-shop jobs, after classifying everyone). */
export async function refreshSegmentsAggregate(shop: string, now: Date, timeZone: string): Promise<void> {
  // Read first: a transition written while the aggregate is computed is counted again when read, never lost.
  const watermark = await latestTransitionId(shop);
  await saveShopAggregate(shop, "segments", now, await computeSegmentsAggregate(shop, now, timeZone), watermark);
}

// More transitions than this since the last whole-shop run (a bulk change the daily job has not caught
// up with yet) are not applied per view: the page shows the numbers as of that run.
const LATER_TRANSITIONS_LIMIT = 5_000;

// Before the first whole-shop run (rows written by hand, a shop whose first sync has not classified
// anyone yet), the same numbers computed from the rows (one computation for the requests asking at once).
const liveMemo = shopMemo<SegmentsAggregate>();

interface CurrentAggregate {
  aggregate: SegmentsAggregate;
  /** when the numbers that could not be brought up to date were computed; null = all current */
  asOf: Date | null;
}

/** What money by segment is computed from, read by the caller (the journey home reads both in its shop statement). */
export interface SegmentMoneyReads {
  stored: StoredAggregate<SegmentsAggregate> | null;
  prediction: Pick<ShopPrediction, "fittedAt" | "ok" | "reason"> | null;
  /** the shop's newest transition id when read with the aggregate: none newer than its watermark, none to read */
  latestTransitionId?: number;
}

/**
 * The stored aggregate brought up to date: stage counts with every later transition, and the moves of
 * `periodDays` (when asked for, and computed today) with the later moves of the customers they touched.
 * The R×F grid and Shopify's groups stay as of the last whole-shop run.
 */
async function currentAggregate(
  shop: string,
  now: Date,
  timeZone: string,
  stored: SegmentMoneyReads["stored"],
  periodDays?: PeriodDays,
  latestTransitionId?: number,
): Promise<CurrentAggregate> {
  if (!stored) {
    const aggregate = await liveMemo(shop, `${zoneCalendar(timeZone).localDay(now)}|${timeZone}`, () =>
      computeSegmentsAggregate(shop, now, timeZone),
    );
    return { aggregate, asOf: null };
  }
  const asOf = stored.computedAt;
  // Read raw: every view of the Segments page and the journey home asks (docs/performance.md, "Page loaders and Prisma's query compiler").
  const later =
    latestTransitionId !== undefined && latestTransitionId <= stored.transitionWatermark
      ? []
      : await prisma.$queryRaw<{ id: number; customerId: string; fromStage: string | null; toStage: string; at: Date }[]>`
    SELECT "id", "customerId", "fromStage", "toStage", "at" FROM "SegmentTransition"
    WHERE "shop" = ${shop} AND "id" > ${stored.transitionWatermark} ORDER BY "id" LIMIT ${LATER_TRANSITIONS_LIMIT + 1}`;
  if (later.length > LATER_TRANSITIONS_LIMIT) return { aggregate: stored.value, asOf };
  const aggregate = { ...stored.value, current: countsAfter(stored.value.current, later.map(asFact)) };
  if (stored.value.subscribers && later.length > 0) {
    // Each later transition of a customer who subscribes now moves them between the subscribers' counts.
    const subscribing = await subscribersAmong(shop, [...new Set(later.map((t) => t.customerId))]);
    const theirs = later.filter((t) => subscribing.has(t.customerId)).map(asFact);
    aggregate.subscribers = { ...stored.value.subscribers, current: countsAfter(stored.value.subscribers.current, theirs) };
  }
  if (periodDays === undefined || later.length === 0 || stored.value.today !== zoneCalendar(timeZone).localDay(now))
    return { aggregate, asOf };
  const period = periodOf(periodDays, now, timeZone);
  const estimatedCut = stored.value.estimatedMoves?.[periodDays];
  if (estimatedCut) {
    const { before, after } = await laterEstimatedMoves(shop, later.map(asFact), { period, vipCut: estimatedCut, timeZone });
    aggregate.moves = { ...aggregate.moves, [periodDays]: replaceMoves(aggregate.moves[periodDays]!, before, after) };
    return { aggregate, asOf };
  }
  const touched = [...new Set(later.map((t) => t.customerId))];
  const theirs: TransitionFact[] = [];
  // SQLite caps bound parameters per statement: ask in chunks.
  for (const chunk of chunks(touched, 500)) {
    const rows = await prisma.segmentTransition.findMany({
      where: { shop, customerId: { in: chunk }, at: { gte: period.from, lt: period.to } },
      select: TRANSITION_COLUMNS,
    });
    theirs.push(...rows.map(asFact));
  }
  const before = netMoves(
    theirs.filter((t) => t.sequence <= stored.transitionWatermark),
    period,
  );
  aggregate.moves = { ...aggregate.moves, [periodDays]: replaceMoves(aggregate.moves[periodDays]!, before, netMoves(theirs, period)) };
  return { aggregate, asOf };
}

/** Which of these customers are active subscribers (Customer.subscriber), asked 500 at a time. */
async function subscribersAmong(shop: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(ids, 500)) {
    const rows = await prisma.customer.findMany({
      where: { shop, id: { in: chunk }, subscriber: true },
      select: { id: true },
    });
    for (const row of rows) found.add(row.id);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// The overview

export interface SegmentsReport {
  currencyCode: string;
  timeZone: string;
  periodDays: PeriodDays;
  period: { firstDay: string; lastDay: string };
  /** whose counts and money the page shows: everyone, the active subscribers or everyone else */
  subscriber: SubscriberFilter;
  /** customers per segment now, of the filter's customers */
  current: Record<LifecycleStage, number>;
  /** per segment, subscribers and everyone else; null until the whole-shop run has stored the split */
  breakdown: MoneyGroups["subscriberSplit"];
  sizes: {
    days: string[];
    series: Record<LifecycleStage, number[]>;
    /** the day Tsunagu first classified the shop (install): sizes before it are reconstructed from orders */
    firstClassifiedDay: string | null;
  };
  matrix: TransitionMatrix;
  /** whether the period begins before install, so its moves are estimated from the orders */
  movesEstimated: boolean;
  rfGrid: number[][];
  /** Shopify's rfmGroup × our stage; group null = Shopify gave none */
  shopifyRfm: ShopifyRfmRow[];
  /** when the R×F grid and Shopify's groups (and moves the page could not bring up to date) were computed; null = now */
  asOf: string | null;
  /** of the filter's customers */
  money: MoneyBySegment;
}

export interface MoneyBySegment {
  /** per segment: revenue, orders, AOV and share in the period, predicted value (null when withheld) */
  bySegment: Record<LifecycleStage, SegmentMoney>;
  /** why predicted values are not shown: no fit yet, or the fit's reason; null when they are */
  predictionsWithheld: string | null;
}

/** Money per segment of everyone, of the subscribers and of everyone else (null before the aggregate has the split). */
interface MoneyGroups {
  predictionsWithheld: string | null;
  all: Record<LifecycleStage, SegmentMoney>;
  subscriberSplit: { subscribers: Record<LifecycleStage, SegmentMoney>; others: Record<LifecycleStage, SegmentMoney> } | null;
}

/**
 * Money per segment for the last `periodDays` days, from the segments aggregate (sales by the segment
 * customers were in when it was computed), with predicted values only when the shop's fit is published;
 * of everyone and split by subscriber.
 */
async function moneyOf(
  shop: string,
  { aggregate, asOf }: CurrentAggregate,
  prediction: SegmentMoneyReads["prediction"],
  periodDays: PeriodDays,
  now: Date,
  timeZone: string,
): Promise<MoneyGroups> {
  const sales = aggregate.sales?.[periodDays] ?? (await computeSegmentSales(shop, now, timeZone)).all[periodDays]!;
  const withheld = !prediction ? "notFitted" : prediction.ok ? null : (prediction.reason ?? "notPublished");
  let predicted = aggregate.predictedValue ?? null;
  let subscribersPredicted = aggregate.subscribers?.predictedValue ?? null;
  // A fit written since the aggregate was computed (or at the same instant): its values, summed now.
  if (withheld === null && (predicted === null || (asOf !== null && prediction!.fittedAt >= asOf))) {
    predicted = zeroCounts();
    subscribersPredicted = zeroCounts();
    const sums = await prisma.customer.groupBy({ by: ["stage", "subscriber"], where: { shop }, _sum: { predictedClv12m: true } });
    for (const row of sums) {
      if (!isStage(row.stage)) continue;
      predicted[row.stage] += row._sum.predictedClv12m ?? 0;
      if (row.subscriber) subscribersPredicted[row.stage] += row._sum.predictedClv12m ?? 0;
    }
  }
  const shown = withheld === null;
  const all = segmentMoney(aggregate.current, sales, shown ? predicted : null);
  const split = aggregate.subscribers;
  if (!split?.sales[periodDays]) return { predictionsWithheld: withheld, all, subscriberSplit: null };
  const subscribers: SegmentFigures = { ...split, predictedValue: subscribersPredicted ?? zeroCounts() };
  const others = othersOf(
    { current: aggregate.current, sales: { [periodDays]: sales }, predictedValue: predicted ?? zeroCounts() },
    subscribers,
  );
  return {
    predictionsWithheld: withheld,
    all,
    subscriberSplit: {
      subscribers: segmentMoney(subscribers.current, subscribers.sales[periodDays]!, shown ? subscribers.predictedValue : null),
      others: segmentMoney(others.current, others.sales[periodDays]!, shown ? others.predictedValue : null),
    },
  };
}

/**
 * Money per segment (the journey home's card): the segments aggregate brought up to date, for the last
 * `periodDays` days. `facts`: the shop's currency and time zone, read by the caller with its own columns.
 */
export async function loadSegmentMoney(
  shop: string,
  periodDays: PeriodDays,
  now: Date,
  facts: ShopFacts,
  { stored, prediction, latestTransitionId }: SegmentMoneyReads,
): Promise<MoneyBySegment & { currencyCode: string; periodDays: PeriodDays }> {
  const current = await currentAggregate(shop, now, facts.timeZone, stored, undefined, latestTransitionId);
  const money = await moneyOf(shop, current, prediction, periodDays, now, facts.timeZone);
  return { bySegment: money.all, predictionsWithheld: money.predictionsWithheld, currencyCode: facts.currencyCode, periodDays };
}

export async function loadSegmentsReport(
  shop: string,
  { periodDays, subscriber = "all", now }: { periodDays: PeriodDays; subscriber?: SubscriberFilter; now: Date },
): Promise<SegmentsReport> {
  const facts = await shopFacts(shop);
  const period = periodOf(periodDays, now, facts.timeZone);
  const [snapshots, stored, prediction, classifiedAt] = await Promise.all([
    prisma.segmentSnapshot.findMany({
      where: { shop, day: { gte: period.firstDay, lte: period.lastDay } },
      orderBy: { day: "asc" },
    }),
    loadShopAggregate<SegmentsAggregate>(shop, "segments"),
    loadShopPrediction(shop),
    firstClassifiedAt(shop),
  ]);
  const { aggregate, asOf } = await currentAggregate(shop, now, facts.timeZone, stored, periodDays);
  const money = await moneyOf(shop, { aggregate, asOf }, prediction, periodDays, now, facts.timeZone);
  const split = money.subscriberSplit;
  // The filter's customers; everyone while the stored numbers have no split yet (the page says so).
  const shown = subscriber === "all" || !split ? money.all : subscriber === "yes" ? split.subscribers : split.others;

  const days = [...new Set(snapshots.map((s) => s.day))];
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const series = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, new Array<number>(days.length).fill(0)])) as Record<
    LifecycleStage,
    number[]
  >;
  for (const s of snapshots) if (isStage(s.stage)) series[s.stage][dayIndex.get(s.day)!] = s.customers;

  return {
    currencyCode: facts.currencyCode,
    timeZone: facts.timeZone,
    periodDays,
    period: { firstDay: period.firstDay, lastDay: period.lastDay },
    subscriber,
    current: Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, shown[stage].customers])) as Record<LifecycleStage, number>,
    breakdown: split,
    sizes: { days, series, firstClassifiedDay: classifiedAt && formatEpochDay(zoneCalendar(facts.timeZone).localDay(classifiedAt)) },
    matrix: aggregate.moves[periodDays]!,
    movesEstimated: startsBeforeInstall(period, classifiedAt),
    rfGrid: aggregate.rfGrid,
    shopifyRfm: aggregate.shopifyRfm,
    asOf: asOf?.toISOString() ?? null,
    money: { bySegment: shown, predictionsWithheld: money.predictionsWithheld },
  };
}

// ---------------------------------------------------------------------------------------------------
// Customer lists

export interface CustomerRow {
  id: string;
  /** the numeric part of the GID, for shopify:admin/customers/<id> */
  legacyId: string;
  stage: LifecycleStage;
  r: RfmScoreValue | null;
  f: RfmScoreValue | null;
  m: RfmScoreValue | null;
  recencyDays: number | null;
  orders: number;
  netSpent: number;
  predictedClv12m: number | null;
  pAlive: number | null;
  atRisk: boolean;
  shopifyRfmGroup: string | null;
}

export interface CustomerPage {
  currencyCode: string;
  rows: CustomerRow[];
  total: number;
  page: number;
  pageCount: number;
  /** where the next / previous page of a segment's list starts (keyset); null = no such page */
  nextCursor: string | null;
  previousCursor: string | null;
}

/** Where a page of a segment's list starts: after (next) or before (previous) a row. */
export type PageCursor = { after: string } | { before: string } | null;

const CUSTOMER_COLUMNS = {
  id: true,
  stage: true,
  ordersCount: true,
  netSpent: true,
  lastOrderAt: true,
  predictedClv12m: true,
  pAlive: true,
  atRisk: true,
  shopifyRfmGroup: true,
} as const;

type CustomerColumns = {
  id: string;
  stage: string;
  ordersCount: number;
  netSpent: number;
  lastOrderAt: Date | null;
  predictedClv12m: number | null;
  pAlive: number | null;
  atRisk: boolean;
  shopifyRfmGroup: string | null;
};

/** What scoring a row needs: today in the shop's zone and the shop's R/F/M cuts (null = no buyer). */
interface Scoring {
  today: number;
  timeZone: string;
  cuts: RfmCuts | null;
}

/** How to score the shop's rows now, and its current stage counts (the sizes of the segment lists). */
async function scoringOf(shop: string, now: Date, timeZone: string): Promise<{ scoring: Scoring; aggregate: SegmentsAggregate }> {
  const { aggregate } = await currentAggregate(shop, now, timeZone, await loadShopAggregate<SegmentsAggregate>(shop, "segments"));
  return { scoring: { today: zoneCalendar(timeZone).localDay(now), timeZone, cuts: aggregate.rfmCuts }, aggregate };
}

/** The rows of a segment's subscribers (yes), of its other customers (no) or of all of them. */
const subscriberWhere = (subscriber: SubscriberFilter) => (subscriber === "all" ? {} : { subscriber: subscriber === "yes" });

/** A segment list's size from the stored counts; null when they cannot say (searched, or no subscriber split stored). */
function storedListSize(aggregate: SegmentsAggregate, filter: Extract<CustomerFilter, { kind: "stage" }>, view: CustomerListView) {
  if (view.idPrefix !== null) return null;
  const all = aggregate.current[filter.stage];
  if (filter.subscriber === "all") return all;
  const subscribers = aggregate.subscribers?.current[filter.stage];
  if (subscribers === undefined) return null;
  return filter.subscriber === "yes" ? subscribers : all - subscribers;
}

function toRow(c: CustomerColumns, scoring: Scoring): CustomerRow {
  const recencyDays = c.lastOrderAt && c.ordersCount > 0 ? scoring.today - zoneCalendar(scoring.timeZone).localDay(c.lastOrderAt) : null;
  const scores =
    recencyDays !== null && scoring.cuts
      ? scoreAgainstCuts(scoring.cuts, { recencyDays, frequency: c.ordersCount, monetary: c.netSpent })
      : { r: null, f: null, m: null };
  return {
    id: c.id,
    legacyId: c.id.slice(c.id.lastIndexOf("/") + 1),
    stage: c.stage as LifecycleStage,
    ...scores,
    recencyDays,
    orders: c.ordersCount,
    netSpent: c.netSpent,
    predictedClv12m: c.predictedClv12m,
    pAlive: c.pAlive,
    atRisk: c.atRisk,
    shopifyRfmGroup: c.shopifyRfmGroup,
  };
}

// A segment's list is by net spend, highest first, then id: the order of the (shop, stage, netSpent
// DESC, id) index, so a page (or a CSV batch) reads its own rows and no sort of the whole segment.
const SEGMENT_ORDER = [{ netSpent: "desc" }, { id: "asc" }] as const;

/** The ids of the customers of a move, in id order. */
async function moveCustomerIds(
  shop: string,
  filter: Extract<CustomerFilter, { kind: "move" }>,
  now: Date,
  timeZone: string,
): Promise<string[]> {
  return (await movesInPeriod(shop, periodOf(filter.periodDays, now, timeZone), await firstClassifiedAt(shop), timeZone))
    .filter((m) => m.from === filter.from && m.to === filter.to)
    .map((m) => m.customerId);
}

/** These customers' rows, in the order of `ids` (SQLite caps bound parameters per statement: asked 500 at a time). */
async function customersById(shop: string, ids: readonly string[]): Promise<CustomerColumns[]> {
  const found = new Map<string, CustomerColumns>();
  for (const chunk of chunks(ids, 500)) {
    for (const c of await prisma.customer.findMany({ where: { shop, id: { in: chunk } }, select: CUSTOMER_COLUMNS })) found.set(c.id, c);
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}

/**
 * One page (CUSTOMERS_PAGE_SIZE) of a segment in the view's order: keyset from the cursor (the sort
 * value and id of the row it starts after or before), so any page reads one page of rows. Null when
 * the cursor is malformed.
 */
async function segmentPage(
  shop: string,
  { stage, subscriber }: Extract<CustomerFilter, { kind: "stage" }>,
  view: CustomerListView,
  cursor: PageCursor,
) {
  const take = CUSTOMERS_PAGE_SIZE + 1;
  const where = { shop, stage, ...subscriberWhere(subscriber), ...searchWhere(view) };
  if (cursor === null) {
    const rows = await prisma.customer.findMany({ where, select: CUSTOMER_COLUMNS, orderBy: orderByOf(view), take });
    return { customers: rows.slice(0, CUSTOMERS_PAGE_SIZE), hasNext: rows.length === take, hasPrevious: false };
  }
  const forward = "after" in cursor;
  const from = parseCursor(view, forward ? cursor.after : cursor.before);
  if (from === null) return null;
  const rows = await prisma.customer.findMany({
    where: { AND: [where, keysetWhere(view, from, forward)] },
    select: CUSTOMER_COLUMNS,
    orderBy: orderByOf(view, !forward),
    take,
  });
  if (forward) return { customers: rows.slice(0, CUSTOMERS_PAGE_SIZE), hasNext: rows.length === take, hasPrevious: true };
  // The previous page was read backwards along the order.
  return { customers: rows.slice(0, CUSTOMERS_PAGE_SIZE).reverse(), hasNext: true, hasPrevious: rows.length === take };
}

/**
 * One page of a list in the view's order (customer-list-order.server.ts), with R/F/M scores against
 * the whole shop: a segment from `cursor` (its size from the segments aggregate, or counted when
 * searched), or a move by `page` (its customers sorted in memory). Null when the cursor is malformed.
 */
export async function listCustomers(
  shop: string,
  filter: CustomerFilter,
  { page, cursor = null, view = DEFAULT_LIST_VIEW, now }: { page: number; cursor?: PageCursor; view?: CustomerListView; now: Date },
): Promise<CustomerPage | null> {
  const facts = await shopFacts(shop);
  const { scoring, aggregate } = await scoringOf(shop, now, facts.timeZone);
  const listed = async () => {
    if (filter.kind === "stage") {
      const found = await segmentPage(shop, filter, view, cursor);
      if (!found) return null;
      return {
        total:
          storedListSize(aggregate, filter, view) ??
          (await prisma.customer.count({
            where: { shop, stage: filter.stage, ...subscriberWhere(filter.subscriber), ...searchWhere(view) },
          })),
        customers: found.customers,
        nextCursor: found.hasNext && found.customers.length > 0 ? cursorOf(view, found.customers.at(-1)!) : null,
        previousCursor: found.hasPrevious && found.customers.length > 0 ? cursorOf(view, found.customers[0]!) : null,
      };
    }
    const ids = (await moveCustomerIds(shop, filter, now, facts.timeZone)).filter((id) => matchesSearch(view, id));
    const customers = (await customersById(shop, ids)).sort(compareRows(view));
    const skip = (page - 1) * CUSTOMERS_PAGE_SIZE;
    return { total: ids.length, customers: customers.slice(skip, skip + CUSTOMERS_PAGE_SIZE), nextCursor: null, previousCursor: null };
  };
  const result = await listed();
  if (!result) return null;
  return {
    currencyCode: facts.currencyCode,
    rows: result.customers.map((c) => toRow(c, scoring)),
    total: result.total,
    page,
    pageCount: Math.max(1, Math.ceil(result.total / CUSTOMERS_PAGE_SIZE)),
    nextCursor: result.nextCursor,
    previousCursor: result.previousCursor,
  };
}

const CSV_BATCH = 1_000;

/**
 * Every customer of a list, a batch at a time: a segment by keyset over its index (the next batch
 * starts after the last row's spend and id), a move by its customer ids.
 */
async function* customerBatches(shop: string, filter: CustomerFilter, now: Date, timeZone: string): AsyncGenerator<CustomerColumns[]> {
  if (filter.kind === "move") {
    const ids = await moveCustomerIds(shop, filter, now, timeZone);
    for (const chunk of chunks(ids, CSV_BATCH)) yield await customersById(shop, chunk);
    return;
  }
  let last: CustomerColumns | undefined;
  for (;;) {
    const after = last ? { OR: [{ netSpent: { lt: last.netSpent } }, { netSpent: last.netSpent, id: { gt: last.id } }] } : {};
    const batch = await prisma.customer.findMany({
      where: { shop, stage: filter.stage, ...subscriberWhere(filter.subscriber), ...after },
      select: CUSTOMER_COLUMNS,
      orderBy: [...SEGMENT_ORDER],
      take: CSV_BATCH,
    });
    if (batch.length > 0) yield batch;
    if (batch.length < CSV_BATCH) return;
    last = batch[batch.length - 1];
  }
}

const CSV_BOM = "\uFEFF";
const CSV_HEADER = [
  "customer_id",
  "stage",
  "r",
  "f",
  "m",
  "recency_days",
  "orders",
  "net_spent",
  "predicted_clv_12m",
  "p_alive",
  "at_risk",
  "shopify_rfm_group",
  "revenue_365d",
  "orders_365d",
  "subscriber",
];
/** The CSV's money columns: each customer's qualifying orders in the last 365 days. */
const CSV_SALES_DAYS: PeriodDays = 365;

/** Revenue (net of refunds) and orders of these customers in [from, to) (asked 500 ids at a time). */
async function salesOfCustomers(
  shop: string,
  ids: readonly string[],
  period: { from: Date; to: Date },
): Promise<Map<string, SegmentSales>> {
  const sales = new Map<string, SegmentSales>();
  for (const chunk of chunks(ids, 500)) {
    const rows = await prisma.$queryRaw<{ customerId: string; revenue: number | string | null; orders: number | bigint }[]>`
      SELECT "customerId", SUM(CASE WHEN "totalPrice" > "totalRefunded" THEN "totalPrice" - "totalRefunded" ELSE 0 END) AS "revenue", COUNT(*) AS "orders"
      FROM "Order" WHERE "shop" = ${shop} AND "customerId" IN (${Prisma.join(chunk)})
      AND "processedAt" >= ${period.from} AND "processedAt" < ${period.to} AND ${QUALIFYING_ORDER_SQL}
      GROUP BY "customerId"`;
    for (const row of rows) sales.set(row.customerId, { revenue: Number(row.revenue ?? 0), orders: Number(row.orders) });
  }
  return sales;
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** subscriber: the customer has an active subscription (docs/domain.md §8). */
function csvLine(row: CustomerRow, sales: SegmentSales | undefined, subscriber: boolean): string {
  return [
    row.id,
    row.stage,
    row.r,
    row.f,
    row.m,
    row.recencyDays,
    row.orders,
    round(row.netSpent, 2),
    round(row.predictedClv12m, 2),
    round(row.pAlive, 4),
    row.atRisk,
    row.shopifyRfmGroup,
    round(sales?.revenue ?? 0, 2),
    sales?.orders ?? 0,
    subscriber,
  ]
    .map(csvCell)
    .join(",");
}

/**
 * Every customer of a list as CSV, streamed a batch at a time (a segment of 100k customers is never
 * held in memory whole): UTF-8 with a BOM (so Excel in Japan reads it as UTF-8), a header row, CRLF
 * line ends, ids and derived numbers only (no names, e-mails, phones or addresses).
 */
export async function customersCsv(shop: string, filter: CustomerFilter, now: Date): Promise<ReadableStream<Uint8Array>> {
  const { timeZone } = await shopFacts(shop);
  const { scoring } = await scoringOf(shop, now, timeZone);
  const batches = customerBatches(shop, filter, now, timeZone);
  const salesPeriod = periodOf(CSV_SALES_DAYS, now, timeZone);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${CSV_BOM}${CSV_HEADER.join(",")}\r\n`));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) controller.close();
      else {
        const ids = next.value.map((c) => c.id);
        const [sales, subscribers] = await Promise.all([salesOfCustomers(shop, ids, salesPeriod), activeSubscriberIds(shop, ids)]);
        controller.enqueue(
          encoder.encode(next.value.map((c) => `${csvLine(toRow(c, scoring), sales.get(c.id), subscribers.has(c.id))}\r\n`).join("")),
        );
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The file name of a list's CSV, e.g. tsunagu-vip-2026-11-23.csv, tsunagu-vip-subscribers-2026-11-23.csv or tsunagu-new-to-vip-90d-2026-11-23.csv */
export function csvFileName(filter: CustomerFilter, today: string): string {
  const who = { all: "", yes: "-subscribers", no: "-non-subscribers" };
  const what =
    filter.kind === "stage" ? `${filter.stage}${who[filter.subscriber]}` : `${filter.from}-to-${filter.to}-${filter.periodDays}d`;
  return `tsunagu-${what}-${today}.csv`;
}

/** today's local date in the shop's zone */
export async function shopToday(shop: string, now: Date): Promise<string> {
  const { timeZone } = await shopFacts(shop);
  return formatEpochDay(zoneCalendar(timeZone).localDay(now));
}
