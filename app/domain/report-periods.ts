// The periods the report pages offer, shared by loaders (validation) and pages (the pickers).

/** Segments page: the last N shop-local days, today included. */
export const PERIOD_DAYS = [30, 90, 365] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];
const DEFAULT_PERIOD_DAYS: PeriodDays = 90;

/** Cohorts page: the latest N cohort months, the current one included. */
export const COHORT_SPANS = [6, 12, 24] as const;
export type CohortSpan = (typeof COHORT_SPANS)[number];
const DEFAULT_COHORT_SPAN: CohortSpan = 12;

function oneOf<T extends number>(allowed: readonly T[], fallback: T, value: string | null): T | null {
  if (value === null) return fallback;
  const n = Number(value);
  return (allowed as readonly number[]).includes(n) ? (n as T) : null;
}

/** ?period=… → days; absent → the default; anything else → null (a 400). */
export const parsePeriodDays = (value: string | null): PeriodDays | null => oneOf(PERIOD_DAYS, DEFAULT_PERIOD_DAYS, value);

/** ?months=… → span; absent → the default; anything else → null (a 400). */
export const parseCohortSpan = (value: string | null): CohortSpan | null => oneOf(COHORT_SPANS, DEFAULT_COHORT_SPAN, value);
