// Daily journey counts from each customer's milestones: the rows the journey page sums for a period.
// A customer "arrives" at a stage on the shop-local day of their first qualifying event for it
// (definitions.ts); a day's row also counts the day's abandoned checkouts and repeat orders, and, per
// step, how many of the day's arrivals reached the next stage within the step's window (the cohort
// conversion of cohort-conversion.ts, read for the days whose window has elapsed).
import { zoneCalendar, type EpochDay } from "../calendar";
import { convertedWithin } from "./cohort-conversion";
import { CONVERTED_COLUMN, type ConvertedColumn, type JourneyTotals } from "./definitions";
import type { StepWindows } from "./journey-map";
import { stepValue, type StepValue, type ValueArrival } from "./step-value";
import { CONVERTING_STAGES, nextStage, type ConvertingStage, type JourneyStage } from "./stages";

/** The part of JourneyTotals that is precomputed per day (advocacy volumes come live from reviews and answers). */
export type DailyJourneyCounts = Pick<
  JourneyTotals,
  "newCustomers" | "firstCheckouts" | "firstOrders" | "secondOrders" | "abandonedCheckouts" | "recoveredCheckouts" | "repeatOrders"
> &
  Record<ConvertedColumn, number>;

export interface CustomerMilestones {
  createdAt: Date;
  /** Earliest abandoned checkout of the customer, if any. */
  firstAbandonedCheckoutAt: Date | null;
  /** Their qualifying orders, any order (sorted here): when, and the net amount. */
  qualifyingOrders: readonly { at: Date; amount: number }[];
  /** Their first review or first NPS answer of 9–10, if any. */
  firstAdvocacyAt: Date | null;
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
  awarenessConverted: 0,
  considerationConverted: 0,
  purchaseConverted: 0,
  retentionConverted: 0,
};

export interface JourneyArrivals {
  days: Map<EpochDay, DailyJourneyCounts>;
  /** Per step, what a customer who makes it brings (the value of reaching the next stage). */
  stepValues: Record<ConvertingStage, StepValue>;
}

/**
 * `asOfDay`: the last complete local day of the data (the step values observe customers up to it).
 * `windows`: days each step's customers have to reach the next stage.
 */
export function countDailyJourney(
  customers: Iterable<CustomerMilestones>,
  checkouts: Iterable<CheckoutFact>,
  timeZone: string,
  { windows, asOfDay }: { windows: StepWindows; asOfDay: EpochDay },
): JourneyArrivals {
  const calendar = zoneCalendar(timeZone);
  const days = new Map<EpochDay, DailyJourneyCounts>();
  const bumpDay = (day: EpochDay, key: keyof DailyJourneyCounts) => {
    let row = days.get(day);
    if (!row) days.set(day, (row = { ...ZERO }));
    row[key] += 1;
  };
  const bump = (at: Date, key: keyof DailyJourneyCounts) => bumpDay(calendar.localDay(at), key);
  const valueArrivals: Record<ConvertingStage, ValueArrival[]> = { awareness: [], consideration: [], purchase: [], retention: [] };
  for (const customer of customers) {
    bump(customer.createdAt, "newCustomers");
    const orders = [...customer.qualifyingOrders].sort((a, b) => a.at.getTime() - b.at.getTime());
    const firstOrder = orders[0]?.at ?? null;
    const firstCheckout =
      firstOrder && customer.firstAbandonedCheckoutAt
        ? firstOrder < customer.firstAbandonedCheckoutAt
          ? firstOrder
          : customer.firstAbandonedCheckoutAt
        : (firstOrder ?? customer.firstAbandonedCheckoutAt);
    if (firstCheckout) bump(firstCheckout, "firstCheckouts");
    if (firstOrder) bump(firstOrder, "firstOrders");
    if (orders[1]) bump(orders[1].at, "secondOrders");
    for (const repeat of orders.slice(1)) bump(repeat.at, "repeatOrders");

    const dayOf = (at: Date | null | undefined) => (at ? calendar.localDay(at) : null);
    const reached: Record<JourneyStage, EpochDay | null> = {
      awareness: dayOf(customer.createdAt),
      consideration: dayOf(firstCheckout),
      purchase: dayOf(firstOrder),
      retention: dayOf(orders[1]?.at),
      advocacy: dayOf(customer.firstAdvocacyAt),
    };
    const orderDays = orders.map((o) => ({ day: calendar.localDay(o.at), amount: o.amount }));
    for (const stage of CONVERTING_STAGES) {
      const from = reached[stage];
      const to = reached[nextStage(stage)!];
      // Reaching the next stage before this one (a guest checkout before the account) counts as the same day.
      if (from !== null && convertedWithin(from, to === null ? null : Math.max(to, from), windows[stage]))
        bumpDay(from, CONVERTED_COLUMN[stage]);
      if (to !== null) valueArrivals[stage].push({ reachedDay: to, orders: orderDays });
    }
  }
  for (const checkout of checkouts) {
    bump(checkout.createdAt, "abandonedCheckouts");
    if (checkout.recovered) bump(checkout.createdAt, "recoveredCheckouts");
  }
  const stepValues = Object.fromEntries(CONVERTING_STAGES.map((stage) => [stage, stepValue(valueArrivals[stage], asOfDay)])) as Record<
    ConvertingStage,
    StepValue
  >;
  return { days, stepValues };
}
