// The F2 conversion by what a customer's first order held (docs/touchpoints.md §1): for each product
// type (or product), the customers whose FIRST qualifying order contained it, and of those, how many
// placed a second qualifying order within the window. The cohort rules are the journey funnel's
// (app/domain/journey/cohort-conversion.ts): calendar days in the shop's zone, only customers whose
// window has fully elapsed by the as-of day are eligible, the same day counts, orders after the as-of
// day are ignored.
//
// A first order holding two types counts its customer once in EACH type, so the rows do not add up to
// the number of first-time customers. The second order is any qualifying order, whatever it holds.
import { zoneCalendar, type EpochDay } from "../calendar";
import { compareIds } from "../compare-ids";
import {
  countArrival,
  EMPTY_COHORT,
  firstTwoQualifyingOrders,
  type CohortCount,
  type StepArrival,
  type WindowDays,
} from "../journey/cohort-conversion";
import type { OrderFact } from "../types";

/** One line of an order: what was bought. The amount is the line's total in the order's currency. */
export interface OrderLineFact {
  productId: string;
  /** The product's type as the merchant typed it; "" when the product has none. */
  productType: string;
  quantity: number;
  amount: number;
}

/** An order with its lines (the order's totalPrice is the sum of the lines' amounts). */
export interface OrderWithLines extends OrderFact {
  lines: readonly OrderLineFact[];
}

export interface CustomerOrdersWithLines {
  customerId: string;
  orders: readonly OrderWithLines[];
}

/** What a first order is grouped by: its product types or its products. */
export type FirstOrderKey = "productType" | "productId";

export interface FirstOrderCohort {
  /** The product type or product id. */
  key: string;
  /** Customers whose first qualifying order (by the as-of day) contained it, window elapsed or not. */
  firstOrderCustomers: number;
  /** The F2 cohort count per window (its `reached` equals firstOrderCustomers). */
  f2: Map<WindowDays, CohortCount>;
}

/** The distinct values of `key` on an order's lines, in first-seen order. */
function distinctLineValues(order: OrderWithLines, key: FirstOrderKey): string[] {
  const seen = new Set<string>();
  for (const line of order.lines) seen.add(line[key]);
  return [...seen];
}

/**
 * The F2 conversion per product type (or product) of the customers' first qualifying orders, sorted by
 * first-order customers (most first), then by key (compareIds: numeric ids by value).
 */
export function f2ByFirstOrder(
  customers: Iterable<CustomerOrdersWithLines>,
  windows: readonly WindowDays[],
  { asOfDay, timeZone, key }: { asOfDay: EpochDay; timeZone: string; key: FirstOrderKey },
): FirstOrderCohort[] {
  const calendar = zoneCalendar(timeZone);
  const lastInstantMs = calendar.startOfLocalDay(asOfDay + 1) - 1;
  const cohorts = new Map<string, FirstOrderCohort>();
  for (const customer of customers) {
    const pair = firstTwoQualifyingOrders(customer.orders, lastInstantMs);
    if (pair === null) continue;
    const arrival: StepArrival = {
      reachedDay: calendar.localDay(pair.first.processedAt),
      nextDay: pair.second === null ? null : calendar.localDay(pair.second.processedAt),
    };
    for (const value of distinctLineValues(pair.first, key)) {
      let cohort = cohorts.get(value);
      if (cohort === undefined) {
        cohort = { key: value, firstOrderCustomers: 0, f2: new Map(windows.map((w) => [w, { ...EMPTY_COHORT }])) };
        cohorts.set(value, cohort);
      }
      cohort.firstOrderCustomers += 1;
      for (const [window, count] of cohort.f2) countArrival(count, arrival, window, asOfDay);
    }
  }
  return [...cohorts.values()].sort((a, b) => b.firstOrderCustomers - a.firstOrderCustomers || compareIds(a.key, b.key));
}
