// The numbers behind the Cohorts page: monthly acquisition cohorts from the orders we hold.
import prisma from "../db.server";
import { buildCohorts, monthIndexOf, repeatRateWithin, type Cohort, type PooledRate } from "../domain/cohorts";
import { zoneCalendar } from "../domain/calendar";
import { shopMemo } from "./shop-memo.server";
import type { CohortSpan } from "../domain/report-periods";

/** Repeat rate windows shown as headline figures (months after the first order month). */
export const REPEAT_RATE_MONTHS = [1, 3, 6, 12] as const;
const MAX_OFFSET = 12;

export interface CohortsReport {
  currencyCode: string;
  span: CohortSpan;
  asOfMonth: string;
  maxOffset: number;
  cohorts: Cohort[];
  /** pooled over the cohorts shown */
  repeatRates: Array<{ months: number } & PooledRate>;
}

// All cohorts of a shop from a full read of its orders, kept a minute per shop and local day.
const cohortsMemo = shopMemo<{ cohorts: Cohort[]; asOfMonth: string }>(60_000);

function allCohorts(shop: string, timeZone: string, now: Date): Promise<{ cohorts: Cohort[]; asOfMonth: string }> {
  return cohortsMemo(shop, `${zoneCalendar(timeZone).localDay(now)}|${timeZone}`, async () => {
    const orders = await prisma.order.findMany({
      where: { shop, customerId: { not: null } },
      select: { id: true, customerId: true, processedAt: true, totalPrice: true, totalRefunded: true, cancelled: true, test: true, financialStatus: true },
    });
    const { cohorts, asOfMonth } = buildCohorts(orders, { timeZone, asOf: now, maxOffset: MAX_OFFSET });
    return { cohorts, asOfMonth };
  });
}

export async function loadCohortsReport(shop: string, { span, now }: { span: CohortSpan; now: Date }): Promise<CohortsReport> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true, ianaTimezone: true } });
  const { cohorts, asOfMonth } = await allCohorts(shop, row?.ianaTimezone ?? "UTC", now);
  const firstShown = monthIndexOf(asOfMonth) - span + 1;
  const shown = cohorts.filter((c) => monthIndexOf(c.month) >= firstShown);
  return {
    currencyCode: row?.currencyCode ?? "USD",
    span,
    asOfMonth,
    maxOffset: MAX_OFFSET,
    cohorts: shown,
    repeatRates: REPEAT_RATE_MONTHS.map((months) => ({ months, ...repeatRateWithin(shown, months) })),
  };
}
