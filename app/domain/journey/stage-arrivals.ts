// Daily journey counts from each customer's milestones: the rows the journey page sums for a period.
// A customer "arrives" at a stage on the shop-local day of their first qualifying event for it
// (definitions.ts); a day's row also counts the day's abandoned checkouts and repeat orders.
import { zoneCalendar, type EpochDay } from "../calendar";
import type { JourneyTotals } from "./definitions";

/** The part of JourneyTotals that is precomputed per day (advocacy comes live from reviews and answers). */
export type DailyJourneyCounts = Pick<
  JourneyTotals,
  "newCustomers" | "firstCheckouts" | "firstOrders" | "secondOrders" | "abandonedCheckouts" | "recoveredCheckouts" | "repeatOrders"
>;

export interface CustomerMilestones {
  createdAt: Date;
  /** Earliest abandoned checkout of the customer, if any. */
  firstAbandonedCheckoutAt: Date | null;
  /** processedAt of their qualifying orders, any order (sorted here). */
  qualifyingOrderTimes: readonly Date[];
}

export interface CheckoutFact {
  createdAt: Date;
  recovered: boolean;
}

const ZERO: DailyJourneyCounts = {
  newCustomers: 0,
  firstCheckouts: 0,
  firstOrders: 0,
  secondOrders: 0,
  abandonedCheckouts: 0,
  recoveredCheckouts: 0,
  repeatOrders: 0,
};

export function countDailyJourney(
  customers: Iterable<CustomerMilestones>,
  checkouts: Iterable<CheckoutFact>,
  timeZone: string,
): Map<EpochDay, DailyJourneyCounts> {
  const calendar = zoneCalendar(timeZone);
  const days = new Map<EpochDay, DailyJourneyCounts>();
  const bump = (at: Date, key: keyof DailyJourneyCounts) => {
    const day = calendar.localDay(at);
    let row = days.get(day);
    if (!row) days.set(day, (row = { ...ZERO }));
    row[key] += 1;
  };
  for (const customer of customers) {
    bump(customer.createdAt, "newCustomers");
    const orders = [...customer.qualifyingOrderTimes].sort((a, b) => a.getTime() - b.getTime());
    const firstOrder = orders[0] ?? null;
    const firstCheckout =
      firstOrder && customer.firstAbandonedCheckoutAt
        ? (firstOrder < customer.firstAbandonedCheckoutAt ? firstOrder : customer.firstAbandonedCheckoutAt)
        : firstOrder ?? customer.firstAbandonedCheckoutAt;
    if (firstCheckout) bump(firstCheckout, "firstCheckouts");
    if (firstOrder) bump(firstOrder, "firstOrders");
    if (orders[1]) bump(orders[1], "secondOrders");
    for (const repeat of orders.slice(1)) bump(repeat, "repeatOrders");
  }
  for (const checkout of checkouts) {
    bump(checkout.createdAt, "abandonedCheckouts");
    if (checkout.recovered) bump(checkout.createdAt, "recoveredCheckouts");
  }
  return days;
}
