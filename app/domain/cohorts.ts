// Monthly acquisition cohorts (docs/domain.md §5): who keeps buying after their first order.
//
// Pure: the shop's time zone and "now" (asOf) are arguments.
//
// Definitions (the page shows the first three word for word, see cohorts.definition.* in i18n):
// - A customer's *cohort* is the calendar month, in the shop's time zone, of their first qualifying
//   order (qualifying = lifecycle.ts's rule: not test, not cancelled, not voided, not fully refunded).
//   Orders after asOf do not exist yet; guest orders (customerId null) belong to no cohort.
// - *Month k* of a cohort is the k-th calendar month after the cohort month (month 0 = the cohort month).
// - *Retention in month k* = share of the cohort's customers with at least one qualifying order in month k.
//   Month 0 is 100 % by construction.
// - *Repeat rate within k months* = share of the cohort's customers whose SECOND qualifying order was
//   placed before the end of month k (month 0 included: a second order in the first month counts).
//   Two orders at the same instant are two orders. Across cohorts it is pooled (sum of repeaters /
//   sum of customers) over the cohorts whose month k has ENDED, so a cohort still inside month k never
//   drags the rate down. This is not Shopify's "returning customer rate" (the share of a period's
//   buyers who had ordered before, whatever their first order month): ours follows one group of new
//   customers for a fixed time, so months compare like with like.
// - *Revenue per customer by month k* = net revenue (net of refunds) of all the cohort's qualifying
//   orders from month 0 to month k, divided by the cohort's size. Summed exactly in 1/10000 units.
// - A cohort is *observed* up to the month containing asOf; that last month is still in progress
//   (`partialFrom` says which offset is partial).

import { zoneCalendar } from "./calendar";
import { isQualifyingOrder, netAmount } from "./lifecycle";
import type { OrderFact } from "./types";

/** "YYYY-MM" */
export type MonthKey = string;

export interface Cohort {
  month: MonthKey;
  customers: number;
  /** offsets 0..observedMonths-1 have started by asOf */
  observedMonths: number;
  /** the offset of the month containing asOf (its numbers can still grow) */
  partialFrom: number;
  /** active[k] = customers with >= 1 qualifying order in month k */
  active: number[];
  /** repeated[k] = customers whose second qualifying order was in months 0..k */
  repeated: number[];
  /** revenue[k] = cumulative net revenue of months 0..k (shop currency) */
  revenue: number[];
}

export interface CohortReport {
  /** cohorts in month order, oldest first; months without a new customer are left out */
  cohorts: Cohort[];
  /** the month containing asOf */
  asOfMonth: MonthKey;
  /** offsets computed per cohort: 0..maxOffset */
  maxOffset: number;
}

export interface CohortOptions {
  timeZone: string;
  asOf: Date;
  /** the last month offset computed (columns 0..maxOffset); default 12 */
  maxOffset?: number;
}

const UNITS = 10_000;

/** months since year 0 of a local day (epoch day) */
function monthIndexOfEpochDay(day: number): number {
  const date = new Date(day * 86_400_000);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function monthKeyOf(monthIndex: number): MonthKey {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

export function monthIndexOf(key: MonthKey): number {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new RangeError(`Invalid month "${key}"; expected YYYY-MM.`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

interface CustomerOrders {
  /** [ms, monthIndex, netUnits] of each qualifying order */
  orders: Array<[number, number, number]>;
}

/** Acquisition cohorts of a shop from its orders (any order, qualifying or not; see the header). */
export function buildCohorts(orders: Iterable<OrderFact>, options: CohortOptions): CohortReport {
  const maxOffset = options.maxOffset ?? 12;
  if (!Number.isInteger(maxOffset) || maxOffset < 0) throw new RangeError(`maxOffset must be a whole number >= 0, got ${maxOffset}.`);
  const asOfMs = options.asOf.getTime();
  if (Number.isNaN(asOfMs)) throw new RangeError("asOf must be a valid Date.");
  const calendar = zoneCalendar(options.timeZone);
  const asOfMonth = monthIndexOfEpochDay(calendar.localDay(asOfMs));

  const byCustomer = new Map<string, CustomerOrders>();
  for (const order of orders) {
    if (order.customerId === null) continue;
    const ms = order.processedAt.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`Order ${order.id}: processedAt is not a valid date.`);
    if (ms > asOfMs || !isQualifyingOrder(order)) continue;
    let entry = byCustomer.get(order.customerId);
    if (!entry) byCustomer.set(order.customerId, (entry = { orders: [] }));
    entry.orders.push([ms, monthIndexOfEpochDay(calendar.localDay(ms)), Math.round(netAmount(order) * UNITS)]);
  }

  interface Accumulator {
    customers: number;
    active: number[];
    repeatedAt: number[];
    revenueUnits: number[];
  }
  const byMonth = new Map<number, Accumulator>();
  const columns = maxOffset + 1;
  for (const { orders: list } of byCustomer.values()) {
    list.sort((a, b) => a[0] - b[0]);
    const cohortMonth = list[0]![1];
    let acc = byMonth.get(cohortMonth);
    if (!acc) {
      acc = {
        customers: 0,
        active: new Array(columns).fill(0),
        repeatedAt: new Array(columns).fill(0),
        revenueUnits: new Array(columns).fill(0),
      };
      byMonth.set(cohortMonth, acc);
    }
    acc.customers += 1;
    let lastActiveOffset = -1;
    for (const [, month, units] of list) {
      const offset = month - cohortMonth;
      if (offset > maxOffset) break; // sorted by time, so every later order is further out
      acc.revenueUnits[offset]! += units;
      if (offset !== lastActiveOffset) {
        acc.active[offset]! += 1;
        lastActiveOffset = offset;
      }
    }
    if (list.length >= 2) {
      const secondOffset = list[1]![1] - cohortMonth;
      if (secondOffset <= maxOffset) acc.repeatedAt[secondOffset]! += 1;
    }
  }

  const cohorts: Cohort[] = [...byMonth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([month, acc]) => {
      const partialFrom = asOfMonth - month;
      const observedMonths = Math.min(columns, partialFrom + 1);
      const repeated: number[] = [];
      const revenue: number[] = [];
      let repeatRunning = 0;
      let revenueRunning = 0;
      for (let k = 0; k < observedMonths; k++) {
        repeatRunning += acc.repeatedAt[k]!;
        revenueRunning += acc.revenueUnits[k]!;
        repeated.push(repeatRunning);
        revenue.push(revenueRunning / UNITS);
      }
      return {
        month: monthKeyOf(month),
        customers: acc.customers,
        observedMonths,
        partialFrom,
        active: acc.active.slice(0, observedMonths),
        repeated,
        revenue,
      };
    });
  return { cohorts, asOfMonth: monthKeyOf(asOfMonth), maxOffset };
}

export interface PooledRate {
  /** pooled share in [0, 1]; null when no cohort has completed month k */
  rate: number | null;
  customers: number;
  repeaters: number;
  /** how many cohorts were pooled */
  cohorts: number;
}

/** Repeat rate within k months, pooled over the cohorts whose month k has ended (see the header). */
export function repeatRateWithin(cohorts: readonly Cohort[], k: number): PooledRate {
  let customers = 0;
  let repeaters = 0;
  let pooled = 0;
  for (const cohort of cohorts) {
    if (k >= cohort.partialFrom || k >= cohort.repeated.length) continue;
    customers += cohort.customers;
    repeaters += cohort.repeated[k]!;
    pooled += 1;
  }
  return { rate: customers === 0 ? null : repeaters / customers, customers, repeaters, cohorts: pooled };
}
