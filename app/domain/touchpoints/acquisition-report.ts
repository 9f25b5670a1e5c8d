// The acquisition reports (docs/touchpoints.md §6): customers grouped by how they were acquired — the
// first-touch channel of their first qualifying order, and the product types and products that order
// held — with, per group, the F2 conversion within 30/90/365 days, net revenue per customer within
// 90/180/365 days of the first order, the predicted 12-month value, and today's segment mix; the journey
// from the first order on per channel; days from first visit to first order; and what the second order
// held after each first product (next-products.ts).
//
// Cohort rules are the journey funnel's (cohort-conversion.ts): calendar days in the shop's zone, orders
// after the as-of day ignored, and a window counts a customer only once it has fully elapsed — the others
// are "still open". Revenue within N days is the net amount (netAmount: price less refunds) of the
// customer's qualifying orders from the first order's day to N days after it, the first order included.
import { zoneCalendar, type EpochDay } from "../calendar";
import { compareIds } from "../compare-ids";
import type { ConvertingStage } from "../journey/stages";
import { countArrival, EMPTY_COHORT, firstTwoQualifyingOrders, windowElapsed, type CohortCount } from "../journey/cohort-conversion";
import { isQualifyingOrder, netAmount } from "../lifecycle";
import type { LifecycleStage, OrderFact } from "../types";
import { CHANNELS, type ChannelOrUnknown, type UtmRule } from "./channels";
import { firstTouchChannel, type JourneyRecord } from "./journey-record";
import { nextProductsAfterFirst, type NextProductsRow } from "./next-products";

const F2_WINDOWS = [30, 90, 365] as const;
const REVENUE_WINDOWS = [90, 180, 365] as const;
/** Channels in the order the page lists them; "unknown" (no visit recorded) last. */
export const REPORT_CHANNELS: readonly ChannelOrUnknown[] = [...CHANNELS, "unknown"];
/** Rows kept of the product and next-product tables (most first-order customers first); product types are all kept. */
const MAX_PRODUCT_ROWS = 100;
const MAX_NEXT_PRODUCT_ROWS = 50;

/** Days from the first visit to the first order, in buckets a merchant reads at a glance. */
export const DAYS_TO_CONVERSION_BUCKETS = [
  { key: "0", min: 0, max: 0 },
  { key: "1", min: 1, max: 1 },
  { key: "2-3", min: 2, max: 3 },
  { key: "4-7", min: 4, max: 7 },
  { key: "8-14", min: 8, max: 14 },
  { key: "15-30", min: 15, max: 30 },
  { key: "31+", min: 31, max: Infinity },
] as const;
export type DaysBucket = (typeof DAYS_TO_CONVERSION_BUCKETS)[number]["key"] | "unknown";

export interface AcquisitionCustomer {
  customerId: string;
  /** Every order we hold for the customer (the qualifying ones are picked here). */
  orders: readonly OrderFact[];
  /** Today's segment. */
  stage: LifecycleStage;
  /** Predicted 12-month value, null when the customer has none. */
  predictedClv12m: number | null;
  /** Their first review or NPS answer of 9–10 (the journey's advocacy stage). */
  firstAdvocacyAt: Date | null;
}

export interface OrderProduct {
  productId: string;
  /** The merchant's product type, "" when the product has none. */
  productType: string;
}

export interface AcquisitionInputs {
  customers: Iterable<AcquisitionCustomer>;
  /** The stored journeys, by order id (at least the customers' first qualifying orders'). */
  journeys: ReadonlyMap<string, JourneyRecord>;
  /** The products of orders, by order id (at least the first and second qualifying orders'); absent: not known. */
  orderProducts: ReadonlyMap<string, readonly OrderProduct[]>;
  rules: readonly UtmRule[];
  /** The last complete local day of the data. */
  asOfDay: EpochDay;
  timeZone: string;
  /** The journey map's step windows: purchase → retention and retention → advocacy. */
  windows: Pick<Record<ConvertingStage, number>, "purchase" | "retention">;
  /** The model check published predictions (otherwise no predicted value is shown). */
  predictionsPublished: boolean;
}

export interface WindowCount {
  days: number;
  /** Customers whose window has elapsed. */
  eligible: number;
  /** Customers whose window is still running (not counted). */
  stillOpen: number;
}

export interface AcquisitionRow {
  /** A channel, a product type ("" for none) or a product id. */
  key: string;
  /** Customers whose first qualifying order (by the as-of day) falls in the group. */
  customers: number;
  f2: (WindowCount & { converted: number })[];
  /** Net revenue of the eligible customers within the window (revenue per customer = revenue ÷ eligible). */
  revenue: (WindowCount & { revenue: number })[];
  /** Sum and count of the customers' predicted 12-month values; null when predictions are not published. */
  predicted12m: { customers: number; total: number } | null;
  /** Today's segment of the group's customers. */
  segments: Partial<Record<LifecycleStage, number>>;
}

/** The journey from the first order on for the customers of one channel ("all": every customer). */
export interface ChannelJourney {
  /** Customers who placed a first qualifying order (the purchase stage). */
  purchase: number;
  /** Of those, customers who placed a second one (the retention stage, any time). */
  retention: number;
  /** Of those, customers who wrote a review or answered the NPS question with 9–10 (advocacy). */
  advocacy: number;
  /** Purchase → retention within the journey map's window (the F2 conversion), and retention → advocacy. */
  steps: { purchase: CohortCount; retention: CohortCount };
  /** First orders by days from the first visit ("unknown": Shopify recorded no conversion details). */
  daysToConversion: Record<DaysBucket, number>;
}

/** Rows of the product and next-product tables the acquisition page shows (the CSV has all the report keeps). */
export const PRODUCT_ROWS_SHOWN = 20;

/** The products the acquisition page names: its first products and what their second orders held. */
export function shownProductIds(report: Pick<AcquisitionReport, "byProduct" | "nextProducts">): string[] {
  return [
    ...new Set([
      ...report.byProduct.slice(0, PRODUCT_ROWS_SHOWN).map((r) => r.key),
      ...report.nextProducts.slice(0, PRODUCT_ROWS_SHOWN).flatMap((r) => [r.productId, ...r.next.map((n) => n.productId)]),
    ]),
  ];
}

export interface AcquisitionReport {
  asOfDay: EpochDay;
  timeZone: string;
  windows: { purchase: number; retention: number };
  predictionsPublished: boolean;
  all: AcquisitionRow;
  byChannel: AcquisitionRow[];
  byProductType: AcquisitionRow[];
  /** The MAX_PRODUCT_ROWS products with the most first-order customers. */
  byProduct: AcquisitionRow[];
  /** Product types and products: customers whose first order's products we do not hold. */
  withoutProducts: number;
  journeyByChannel: Record<ChannelOrUnknown | "all", ChannelJourney>;
  /** Top next products after the MAX_NEXT_PRODUCT_ROWS first products with the most customers. */
  nextProducts: NextProductsRow[];
}

interface Accumulator {
  customers: number;
  f2: CohortCount[];
  revenue: { eligible: number; stillOpen: number; revenue: number }[];
  predicted: { customers: number; total: number };
  segments: Partial<Record<LifecycleStage, number>>;
}

const newAccumulator = (): Accumulator => ({
  customers: 0,
  f2: F2_WINDOWS.map(() => ({ ...EMPTY_COHORT })),
  revenue: REVENUE_WINDOWS.map(() => ({ eligible: 0, stillOpen: 0, revenue: 0 })),
  predicted: { customers: 0, total: 0 },
  segments: {},
});

const newJourney = (): ChannelJourney => ({
  purchase: 0,
  retention: 0,
  advocacy: 0,
  steps: { purchase: { ...EMPTY_COHORT }, retention: { ...EMPTY_COHORT } },
  daysToConversion: Object.fromEntries([...DAYS_TO_CONVERSION_BUCKETS.map((b) => b.key), "unknown"].map((k) => [k, 0])) as Record<
    DaysBucket,
    number
  >,
});

export function daysBucket(days: number | null): DaysBucket {
  if (days === null || !Number.isFinite(days) || days < 0) return "unknown";
  return DAYS_TO_CONVERSION_BUCKETS.find((bucket) => days >= bucket.min && days <= bucket.max)!.key;
}

/** One customer's facts, computed once and added to every group they belong to. */
interface CustomerFacts {
  firstDay: EpochDay;
  secondDay: EpochDay | null;
  /** Net revenue within each REVENUE_WINDOWS window. */
  revenue: number[];
  stage: LifecycleStage;
  predictedClv12m: number | null;
}

function add(acc: Accumulator, facts: CustomerFacts, asOfDay: EpochDay) {
  acc.customers += 1;
  F2_WINDOWS.forEach((days, i) => countArrival(acc.f2[i]!, { reachedDay: facts.firstDay, nextDay: facts.secondDay }, days, asOfDay));
  REVENUE_WINDOWS.forEach((days, i) => {
    const bucket = acc.revenue[i]!;
    if (!windowElapsed(facts.firstDay, days, asOfDay)) bucket.stillOpen += 1;
    else {
      bucket.eligible += 1;
      bucket.revenue += facts.revenue[i]!;
    }
  });
  if (facts.predictedClv12m !== null) {
    acc.predicted.customers += 1;
    acc.predicted.total += facts.predictedClv12m;
  }
  acc.segments[facts.stage] = (acc.segments[facts.stage] ?? 0) + 1;
}

function toRow(key: string, acc: Accumulator, predictionsPublished: boolean): AcquisitionRow {
  return {
    key,
    customers: acc.customers,
    f2: F2_WINDOWS.map((days, i) => {
      const count = acc.f2[i]!;
      return { days, eligible: count.eligible, converted: count.converted, stillOpen: count.reached - count.eligible };
    }),
    revenue: REVENUE_WINDOWS.map((days, i) => ({ days, ...acc.revenue[i]! })),
    predicted12m: predictionsPublished ? acc.predicted : null,
    segments: acc.segments,
  };
}

const bump = (groups: Map<string, Accumulator>, key: string): Accumulator => {
  let acc = groups.get(key);
  if (acc === undefined) groups.set(key, (acc = newAccumulator()));
  return acc;
};

const byCustomersThenKey = (a: AcquisitionRow, b: AcquisitionRow) => b.customers - a.customers || compareIds(a.key, b.key);

export function buildAcquisitionReport(inputs: AcquisitionInputs): AcquisitionReport {
  const { asOfDay, timeZone, windows, predictionsPublished } = inputs;
  const calendar = zoneCalendar(timeZone);
  const lastInstantMs = calendar.startOfLocalDay(asOfDay + 1) - 1;
  const all = newAccumulator();
  const channels = new Map<string, Accumulator>();
  const types = new Map<string, Accumulator>();
  const products = new Map<string, Accumulator>();
  const journeys = Object.fromEntries([...REPORT_CHANNELS, "all"].map((c) => [c, newJourney()])) as Record<
    ChannelOrUnknown | "all",
    ChannelJourney
  >;
  const firstAndSecond: { first: string[]; second: string[] | null }[] = [];
  let withoutProducts = 0;

  for (const customer of inputs.customers) {
    const pair = firstTwoQualifyingOrders(customer.orders, lastInstantMs);
    if (pair === null) continue;
    const firstDay = calendar.localDay(pair.first.processedAt);
    const secondDay = pair.second === null ? null : calendar.localDay(pair.second.processedAt);
    const revenue = REVENUE_WINDOWS.map(() => 0);
    for (const order of customer.orders) {
      if (order.processedAt.getTime() > lastInstantMs || !isQualifyingOrder(order)) continue;
      const offset = calendar.localDay(order.processedAt) - firstDay;
      if (offset < 0) continue;
      const amount = netAmount(order);
      REVENUE_WINDOWS.forEach((days, i) => {
        if (offset <= days) revenue[i]! += amount;
      });
    }
    const facts: CustomerFacts = { firstDay, secondDay, revenue, stage: customer.stage, predictedClv12m: customer.predictedClv12m };
    add(all, facts, asOfDay);

    const journey = inputs.journeys.get(pair.first.id) ?? null;
    const channel = firstTouchChannel(journey, inputs.rules);
    add(bump(channels, channel), facts, asOfDay);
    const advocacyDay =
      customer.firstAdvocacyAt === null || customer.firstAdvocacyAt.getTime() > lastInstantMs
        ? null
        : calendar.localDay(customer.firstAdvocacyAt);
    for (const stage of ["all", channel] as const)
      addJourney(journeys[stage], { firstDay, secondDay, advocacyDay }, journey, windows, asOfDay);

    const firstProducts = inputs.orderProducts.get(pair.first.id);
    if (firstProducts === undefined || firstProducts.length === 0) {
      withoutProducts += 1;
      continue;
    }
    for (const type of new Set(firstProducts.map((p) => p.productType))) add(bump(types, type), facts, asOfDay);
    const firstIds = [...new Set(firstProducts.map((p) => p.productId))];
    for (const productId of firstIds) add(bump(products, productId), facts, asOfDay);
    if (pair.second === null) firstAndSecond.push({ first: firstIds, second: null });
    else {
      // A second order whose products we do not hold says nothing about what came next: left out of that table.
      const secondProducts = inputs.orderProducts.get(pair.second.id);
      if (secondProducts !== undefined) firstAndSecond.push({ first: firstIds, second: secondProducts.map((p) => p.productId) });
    }
  }

  const rows = (groups: Map<string, Accumulator>) =>
    [...groups].map(([key, acc]) => toRow(key, acc, predictionsPublished)).sort(byCustomersThenKey);
  const channelOrder = (key: string) => REPORT_CHANNELS.indexOf(key as ChannelOrUnknown);
  return {
    asOfDay,
    timeZone,
    windows: { purchase: windows.purchase, retention: windows.retention },
    predictionsPublished,
    all: toRow("all", all, predictionsPublished),
    byChannel: rows(channels).sort((a, b) => channelOrder(a.key) - channelOrder(b.key)),
    byProductType: rows(types),
    byProduct: rows(products).slice(0, MAX_PRODUCT_ROWS),
    withoutProducts,
    journeyByChannel: journeys,
    nextProducts: nextProductsAfterFirst(firstAndSecond).slice(0, MAX_NEXT_PRODUCT_ROWS),
  };
}

function addJourney(
  journey: ChannelJourney,
  days: { firstDay: EpochDay; secondDay: EpochDay | null; advocacyDay: EpochDay | null },
  record: JourneyRecord | null,
  windows: Pick<Record<ConvertingStage, number>, "purchase" | "retention">,
  asOfDay: EpochDay,
) {
  journey.purchase += 1;
  countArrival(journey.steps.purchase, { reachedDay: days.firstDay, nextDay: days.secondDay }, windows.purchase, asOfDay);
  if (days.secondDay !== null) {
    journey.retention += 1;
    // an advocate before their second order counts as reaching advocacy that day (as on the journey page)
    const advocacy = days.advocacyDay === null ? null : Math.max(days.advocacyDay, days.secondDay);
    if (days.advocacyDay !== null) journey.advocacy += 1;
    countArrival(journey.steps.retention, { reachedDay: days.secondDay, nextDay: advocacy }, windows.retention, asOfDay);
  }
  journey.daysToConversion[daysBucket(record?.daysToConversion ?? null)] += 1;
}
