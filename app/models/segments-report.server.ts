// The numbers behind the Segments page: sizes over time, moves between segments in a period, the R×F
// grid beside Shopify's rfmGroup, and the customer lists (drill-down and CSV). Reads only.
import prisma from "../db.server";
import { formatEpochDay, startOfLocalDay, zoneCalendar } from "../domain/calendar";
import type { RfmScoreValue } from "../domain/rfm";
import { rfGrid, rfmDistributionOf, scoreAgainst, type RfmDistribution } from "../domain/rfm-distribution";
import { buildTransitionMatrix, MOVE_ORIGINS, netMoves, type CustomerMove, type MoveOrigin, type TransitionMatrix } from "../domain/transition-matrix";
import { parsePeriodDays, type PeriodDays } from "../domain/report-periods";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../domain/types";
import { firstClassifiedAt } from "./segment-history.server";
import { shopMemo } from "./shop-memo.server";

export const CUSTOMERS_PAGE_SIZE = 50;

/** Whose customers a list shows: a segment now, or the customers who moved from → to in a period. */
export type CustomerFilter =
  | { kind: "stage"; stage: LifecycleStage }
  | { kind: "move"; from: MoveOrigin; to: LifecycleStage; periodDays: PeriodDays };

const isStage = (value: string | null): value is LifecycleStage => (LIFECYCLE_STAGES as readonly (string | null)[]).includes(value);

/** The filter of a drill-down / CSV URL (?stage=vip, or ?from=new&to=vip&period=90); null when malformed. */
export function parseCustomerFilter(params: URLSearchParams): CustomerFilter | null {
  const stage = params.get("stage");
  const from = params.get("from");
  const to = params.get("to");
  if (stage !== null) return isStage(stage) && from === null && to === null ? { kind: "stage", stage } : null;
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

/** Each customer's net move in the period (transition-matrix.ts), from the recorded transitions. */
async function movesInPeriod(shop: string, period: { from: Date; to: Date }): Promise<CustomerMove[]> {
  const transitions = await prisma.segmentTransition.findMany({
    where: { shop, at: { gte: period.from, lt: period.to } },
    select: { id: true, customerId: true, fromStage: true, toStage: true, at: true },
  });
  return netMoves(
    transitions.map((t) => ({ customerId: t.customerId, fromStage: t.fromStage as LifecycleStage | null, toStage: t.toStage as LifecycleStage, at: t.at, sequence: t.id })),
    period,
  );
}

// ---------------------------------------------------------------------------------------------------
// R/F/M scores. Quintiles need the whole shop's distribution, so it is kept per shop for a minute
// (a derived cache: a recompute shows up at the latest a minute later).

interface ShopRfm {
  /** today's epoch day in the shop's zone */
  today: number;
  distribution: RfmDistribution | null;
  grid: number[][];
}

const rfmMemo = shopMemo<ShopRfm>(60_000);

function shopRfm(shop: string, now: Date, timeZone: string): Promise<ShopRfm> {
  const calendar = zoneCalendar(timeZone);
  const today = calendar.localDay(now);
  return rfmMemo(shop, `${today}|${timeZone}`, async () => {
    const rows = await prisma.customer.findMany({
      where: { shop, ordersCount: { gt: 0 }, lastOrderAt: { not: null } },
      select: { lastOrderAt: true, ordersCount: true, netSpent: true },
    });
    const buyers = rows.map((b) => ({ recencyDays: today - calendar.localDay(b.lastOrderAt!), frequency: b.ordersCount, monetary: b.netSpent }));
    const distribution = buyers.length > 0 ? rfmDistributionOf(buyers) : null;
    return { today, distribution, grid: distribution ? rfGrid(buyers, distribution) : Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]) };
  });
}

// ---------------------------------------------------------------------------------------------------
// The overview

export interface SegmentsReport {
  currencyCode: string;
  timeZone: string;
  periodDays: PeriodDays;
  period: { firstDay: string; lastDay: string };
  current: Record<LifecycleStage, number>;
  sizes: {
    days: string[];
    series: Record<LifecycleStage, number[]>;
    /** the day Tsunagu first classified the shop (install): sizes before it are reconstructed from orders */
    firstClassifiedDay: string | null;
  };
  matrix: TransitionMatrix;
  rfGrid: number[][];
  /** Shopify's rfmGroup × our stage; group null = Shopify gave none */
  shopifyRfm: Array<{ group: string | null; total: number; byStage: Record<LifecycleStage, number> }>;
}

const zeroCounts = () => Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;

export async function loadSegmentsReport(shop: string, { periodDays, now }: { periodDays: PeriodDays; now: Date }): Promise<SegmentsReport> {
  const facts = await shopFacts(shop);
  const period = periodOf(periodDays, now, facts.timeZone);
  const [snapshots, moves, byStage, byRfm, rfm, classifiedAt] = await Promise.all([
    prisma.segmentSnapshot.findMany({
      where: { shop, day: { gte: period.firstDay, lte: period.lastDay } },
      orderBy: { day: "asc" },
    }),
    movesInPeriod(shop, period),
    prisma.customer.groupBy({ by: ["stage"], where: { shop }, _count: { _all: true } }),
    prisma.customer.groupBy({ by: ["shopifyRfmGroup", "stage"], where: { shop }, _count: { _all: true } }),
    shopRfm(shop, now, facts.timeZone),
    firstClassifiedAt(shop),
  ]);

  const days = [...new Set(snapshots.map((s) => s.day))];
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const series = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, new Array<number>(days.length).fill(0)])) as Record<LifecycleStage, number[]>;
  for (const s of snapshots) if (isStage(s.stage)) series[s.stage][dayIndex.get(s.day)!] = s.customers;

  const current = zeroCounts();
  for (const g of byStage) if (isStage(g.stage)) current[g.stage] = g._count._all;

  const groups = new Map<string | null, { group: string | null; total: number; byStage: Record<LifecycleStage, number> }>();
  for (const g of byRfm) {
    if (!isStage(g.stage)) continue;
    let row = groups.get(g.shopifyRfmGroup);
    if (!row) groups.set(g.shopifyRfmGroup, (row = { group: g.shopifyRfmGroup, total: 0, byStage: zeroCounts() }));
    row.byStage[g.stage] += g._count._all;
    row.total += g._count._all;
  }

  return {
    currencyCode: facts.currencyCode,
    timeZone: facts.timeZone,
    periodDays,
    period: { firstDay: period.firstDay, lastDay: period.lastDay },
    current,
    sizes: { days, series, firstClassifiedDay: classifiedAt && formatEpochDay(zoneCalendar(facts.timeZone).localDay(classifiedAt)) },
    matrix: buildTransitionMatrix(moves),
    rfGrid: rfm.grid,
    shopifyRfm: [...groups.values()].sort((a, b) => b.total - a.total),
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
}

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

type CustomerColumns = { id: string; stage: string; ordersCount: number; netSpent: number; lastOrderAt: Date | null; predictedClv12m: number | null; pAlive: number | null; atRisk: boolean; shopifyRfmGroup: string | null };

function toRow(c: CustomerColumns, rfm: ShopRfm, timeZone: string): CustomerRow {
  const recencyDays = c.lastOrderAt && c.ordersCount > 0 ? rfm.today - zoneCalendar(timeZone).localDay(c.lastOrderAt) : null;
  const scores =
    recencyDays !== null && rfm.distribution
      ? scoreAgainst(rfm.distribution, { recencyDays, frequency: c.ordersCount, monetary: c.netSpent })
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

/**
 * The customers of a list with the columns the rows need: a segment by net spend (highest first), or
 * a move by customer id; `page` limits it to one page (CUSTOMERS_PAGE_SIZE), otherwise all of them.
 */
async function customersOf(shop: string, filter: CustomerFilter, now: Date, timeZone: string, page?: number): Promise<{ total: number; customers: CustomerColumns[] }> {
  const paging: { skip?: number; take?: number } = page === undefined ? {} : { skip: (page - 1) * CUSTOMERS_PAGE_SIZE, take: CUSTOMERS_PAGE_SIZE };
  if (filter.kind === "stage") {
    const where = { shop, stage: filter.stage };
    const [total, customers] = await Promise.all([
      prisma.customer.count({ where }),
      prisma.customer.findMany({ where, select: CUSTOMER_COLUMNS, orderBy: [{ netSpent: "desc" }, { id: "asc" }], ...paging }),
    ]);
    return { total, customers };
  }
  const ids = (await movesInPeriod(shop, periodOf(filter.periodDays, now, timeZone)))
    .filter((m) => m.from === filter.from && m.to === filter.to)
    .map((m) => m.customerId);
  const wanted = paging.take === undefined ? ids : ids.slice(paging.skip, paging.skip! + paging.take);
  const found = new Map<string, CustomerColumns>();
  // SQLite caps bound parameters per statement: ask in chunks.
  for (let i = 0; i < wanted.length; i += 500) {
    for (const c of await prisma.customer.findMany({ where: { shop, id: { in: wanted.slice(i, i + 500) } }, select: CUSTOMER_COLUMNS })) found.set(c.id, c);
  }
  return { total: ids.length, customers: wanted.flatMap((id) => found.get(id) ?? []) };
}

/** One page of a list, with R/F/M scores against the whole shop. */
export async function listCustomers(shop: string, filter: CustomerFilter, { page, now }: { page: number; now: Date }): Promise<CustomerPage> {
  const facts = await shopFacts(shop);
  const [rfm, { total, customers }] = await Promise.all([shopRfm(shop, now, facts.timeZone), customersOf(shop, filter, now, facts.timeZone, page)]);
  return {
    currencyCode: facts.currencyCode,
    rows: customers.map((c) => toRow(c, rfm, facts.timeZone)),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / CUSTOMERS_PAGE_SIZE)),
  };
}

const CSV_BOM = "\uFEFF";
const CSV_HEADER = ["customer_id", "stage", "r", "f", "m", "recency_days", "orders", "net_spent", "predicted_clv_12m", "p_alive", "at_risk", "shopify_rfm_group"];

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every customer of a list as CSV: UTF-8 with a BOM (so Excel in Japan reads it as UTF-8), a header
 * row, CRLF line ends, ids and derived numbers only (no names, e-mails, phones or addresses).
 */
export async function customersCsv(shop: string, filter: CustomerFilter, now: Date): Promise<string> {
  const facts = await shopFacts(shop);
  const [rfm, { customers }] = await Promise.all([shopRfm(shop, now, facts.timeZone), customersOf(shop, filter, now, facts.timeZone)]);
  const lines = [CSV_HEADER.join(",")];
  for (const c of customers) {
    const row = toRow(c, rfm, facts.timeZone);
    lines.push(
      [row.id, row.stage, row.r, row.f, row.m, row.recencyDays, row.orders, round(row.netSpent, 2), round(row.predictedClv12m, 2), round(row.pAlive, 4), row.atRisk, row.shopifyRfmGroup]
        .map(csvCell)
        .join(","),
    );
  }
  return CSV_BOM + lines.join("\r\n") + "\r\n";
}

function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The file name of a list's CSV, e.g. tsunagu-vip-2026-11-23.csv or tsunagu-new-to-vip-90d-2026-11-23.csv */
export function csvFileName(filter: CustomerFilter, today: string): string {
  const what = filter.kind === "stage" ? filter.stage : `${filter.from}-to-${filter.to}-${filter.periodDays}d`;
  return `tsunagu-${what}-${today}.csv`;
}

/** today's local date in the shop's zone */
export async function shopToday(shop: string, now: Date): Promise<string> {
  const { timeZone } = await shopFacts(shop);
  return formatEpochDay(zoneCalendar(timeZone).localDay(now));
}
