// Conversion between two journey stages as a cohort ratio (docs/decisions/037-journey-conversion-is-a-cohort-ratio.md):
// of the customers who reached a stage, the share who reached the next stage within the step's window,
// counting only customers whose window has fully elapsed. It can never exceed 100 %.
//
// Days are calendar days in the shop's time zone (epoch days, app/domain/calendar.ts). With `asOfDay`
// the last COMPLETE local day of the data (the CLI's --as-of date; in the app, the day before the
// figures were computed) and a window of N days:
// - a customer who reached the stage on day d is ELIGIBLE when d <= asOfDay − N ("at least N days
//   before the as-of date"): days d … d + N have all ended;
// - they CONVERTED when they reached the next stage on a day e with e − d <= N ("at most N days after");
//   the same day counts (e = d);
// - the others who reached the stage are STILL OPEN: their window has not ended, they are not counted.
// The F2 conversion (F2転換率) is the purchase → retention step: first qualifying order → second one.
import { zoneCalendar, type EpochDay } from "../calendar";
import { compareIds } from "../compare-ids";
import { isQualifyingOrder } from "../lifecycle";
import type { CustomerHistory, OrderFact } from "../types";

/** Days a customer has to reach the next stage; the contract's F2 windows are 30, 90 and 365. */
export type WindowDays = number;

export interface CohortCount {
  /** Customers who reached the stage (in the cohort's days), window elapsed or not. */
  reached: number;
  /** Of those, customers whose window has fully elapsed. */
  eligible: number;
  /** Of the eligible, customers who reached the next stage within the window. */
  converted: number;
}

export const EMPTY_COHORT: CohortCount = { reached: 0, eligible: 0, converted: 0 };

/** Customers whose window is still running: shown as "still open", never counted. */
export const stillOpen = (count: CohortCount): number => count.reached - count.eligible;

/** converted ÷ eligible, or null when no window has elapsed yet. At most 1 by construction. */
export const cohortRate = (count: CohortCount): number | null => (count.eligible === 0 ? null : count.converted / count.eligible);

/** Whether the window of a customer who reached the stage on `reachedDay` has fully elapsed by the end of `asOfDay`. */
export function windowElapsed(reachedDay: EpochDay, windowDays: WindowDays, asOfDay: EpochDay): boolean {
  return reachedDay <= asOfDay - windowDays;
}

/** Whether reaching the next stage on `nextDay` (null: never) is within the window of `reachedDay`. */
export function convertedWithin(reachedDay: EpochDay, nextDay: EpochDay | null, windowDays: WindowDays): boolean {
  return nextDay !== null && nextDay >= reachedDay && nextDay - reachedDay <= windowDays;
}

/** One customer's step: the day they reached the stage and the day they reached the next one (or null). */
export interface StepArrival {
  reachedDay: EpochDay;
  nextDay: EpochDay | null;
}

/** Adds one customer to a cohort count (each customer counts once per step). */
export function countArrival(count: CohortCount, arrival: StepArrival, windowDays: WindowDays, asOfDay: EpochDay): void {
  count.reached += 1;
  if (!windowElapsed(arrival.reachedDay, windowDays, asOfDay)) return;
  count.eligible += 1;
  if (convertedWithin(arrival.reachedDay, arrival.nextDay, windowDays)) count.converted += 1;
}

/** The cohort count of a step over customers' arrivals. */
export function cohortConversion(arrivals: Iterable<StepArrival>, windowDays: WindowDays, asOfDay: EpochDay): CohortCount {
  const count = { ...EMPTY_COHORT };
  for (const arrival of arrivals) countArrival(count, arrival, windowDays, asOfDay);
  return count;
}

/**
 * A customer's first and second qualifying orders (app/domain/lifecycle.ts isQualifyingOrder: not
 * cancelled, not test, not voided or fully refunded) by processedAt, ties by order id, among the orders
 * processed at or before `lastInstantMs` (later orders are ignored); null when they have none.
 */
export function firstTwoQualifyingOrders<Order extends OrderFact>(
  orders: readonly Order[],
  lastInstantMs: number,
): { first: Order; second: Order | null } | null {
  let first: Order | null = null;
  let second: Order | null = null;
  const before = (a: OrderFact, b: OrderFact) => {
    const d = a.processedAt.getTime() - b.processedAt.getTime();
    return d < 0 || (d === 0 && compareIds(a.id, b.id) < 0);
  };
  for (const order of orders) {
    if (order.processedAt.getTime() > lastInstantMs || !isQualifyingOrder(order)) continue;
    if (first === null || before(order, first)) {
      second = first;
      first = order;
    } else if (second === null || before(order, second)) {
      second = order;
    }
  }
  return first === null ? null : { first, second };
}

/**
 * The F2 conversion for each window: of the customers whose first qualifying order is at least N days
 * before `asOfDay`, how many placed their second within N days of the first. Orders after the end of
 * `asOfDay` (local day in `timeZone`) are ignored. Guests have no history here.
 */
export function f2Conversion(
  histories: Iterable<CustomerHistory>,
  windows: readonly WindowDays[],
  { asOfDay, timeZone }: { asOfDay: EpochDay; timeZone: string },
): Map<WindowDays, CohortCount> {
  const calendar = zoneCalendar(timeZone);
  const lastInstantMs = calendar.startOfLocalDay(asOfDay + 1) - 1;
  const counts = new Map<WindowDays, CohortCount>(windows.map((w) => [w, { ...EMPTY_COHORT }]));
  for (const history of histories) {
    const pair = firstTwoQualifyingOrders(history.orders, lastInstantMs);
    if (pair === null) continue;
    const arrival: StepArrival = {
      reachedDay: calendar.localDay(pair.first.processedAt),
      nextDay: pair.second === null ? null : calendar.localDay(pair.second.processedAt),
    };
    for (const [window, count] of counts) countArrival(count, arrival, window, asOfDay);
  }
  return counts;
}
