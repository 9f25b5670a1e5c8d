// The numbers behind the Cohorts page: monthly acquisition cohorts from the orders we hold. Every
// cohort needs every order of the shop, so they are computed by the whole-shop jobs (which hold the
// histories already) and stored as a ShopAggregate; the page reads that one row.
import prisma from "../db.server";
import { buildCohorts, monthIndexOf, repeatRateWithin, type Cohort, type PooledRate } from "../domain/cohorts";
import { zoneCalendar } from "../domain/calendar";
import type { CustomerHistory } from "../domain/types";
import type { CohortSpan } from "../domain/report-periods";
import { loadCustomerHistories } from "./customer.server";
import { loadShopAggregate, saveShopAggregate } from "./shop-aggregate.server";
import { shopMemo } from "./shop-memo.server";

/** Repeat rate windows shown as headline figures (months after the first order month). */
const REPEAT_RATE_MONTHS = [1, 3, 6, 12] as const;
const MAX_OFFSET = 12;

export interface CohortsReport {
  currencyCode: string;
  timeZone: string;
  span: CohortSpan;
  asOfMonth: string;
  maxOffset: number;
  cohorts: Cohort[];
  /** pooled over the cohorts shown */
  repeatRates: Array<{ months: number } & PooledRate>;
  /** when the cohorts were computed (orders since then are not in them yet); null = now */
  asOf: string | null;
}

interface AllCohorts {
  cohorts: Cohort[];
  asOfMonth: string;
}

function cohortsOf(histories: readonly CustomerHistory[], timeZone: string, asOf: Date): AllCohorts {
  const { cohorts, asOfMonth } = buildCohorts(
    histories.flatMap((h) => h.orders),
    { timeZone, asOf, maxOffset: MAX_OFFSET },
  );
  return { cohorts, asOfMonth };
}

/** Computes and stores every cohort of the shop from its histories (the whole-shop jobs hold them already). */
export async function saveCohorts(shop: string, histories: readonly CustomerHistory[], timeZone: string, asOf: Date): Promise<void> {
  await saveShopAggregate(shop, "cohorts", asOf, cohortsOf(histories, timeZone, asOf));
}

// Before the first whole-shop run (rows written by hand, a first sync not finished), computed from the
// rows (one computation for the requests asking at once).
const liveMemo = shopMemo<AllCohorts>();

export async function loadCohortsReport(shop: string, { span, now }: { span: CohortSpan; now: Date }): Promise<CohortsReport> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true, ianaTimezone: true } });
  const timeZone = row?.ianaTimezone ?? "UTC";
  const stored = await loadShopAggregate<AllCohorts>(shop, "cohorts");
  const { cohorts, asOfMonth } =
    stored?.value ??
    (await liveMemo(shop, `${zoneCalendar(timeZone).localDay(now)}|${timeZone}`, async () =>
      cohortsOf(await loadCustomerHistories(shop), timeZone, now),
    ));
  const firstShown = monthIndexOf(asOfMonth) - span + 1;
  const shown = cohorts.filter((c) => monthIndexOf(c.month) >= firstShown);
  return {
    currencyCode: row?.currencyCode ?? "USD",
    timeZone,
    span,
    asOfMonth,
    maxOffset: MAX_OFFSET,
    cohorts: shown,
    repeatRates: REPEAT_RATE_MONTHS.map((months) => ({ months, ...repeatRateWithin(shown, months) })),
    asOf: stored?.computedAt.toISOString() ?? null,
  };
}
