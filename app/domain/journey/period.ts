// The period a journey page shows: the last 30/90/180/365 shop-local days up to today, or a custom range
// of local dates (both ends included); the previous period is the same number of days just before, and
// the baseline (the store's own trailing rate, the default targets) the 365 days before the period.
// The default is 180 days: long enough for a 90-day step window to have elapsed for half the period.
import { formatEpochDay, localDay, parseLocalDate, type EpochDay } from "../calendar";

export const PERIOD_PRESETS = [30, 90, 180, 365] as const;
const DEFAULT_PERIOD_DAYS = 180;
const BASELINE_DAYS = 365;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
/** Longest custom range (about ten years): keeps a loader's work bounded. */
const MAX_PERIOD_DAYS = 3660;

export interface JourneyPeriod {
  /** First local day included. */
  from: EpochDay;
  /** First local day NOT included. */
  to: EpochDay;
  previousFrom: EpochDay;
  /** First local day of the baseline: the 365 days before `from`. */
  baselineFrom: EpochDay;
  days: number;
  preset: PeriodPreset | null;
}

export type PeriodRequest = { preset?: string | null; from?: string | null; to?: string | null };

export type PeriodError = "badDate" | "endBeforeStart" | "tooLong";

/** Resolves `?period=90` or `?from=2026-01-01&to=2026-03-31` against "now" in the shop's zone. Default: 180 days. */
export function resolvePeriod(
  request: PeriodRequest,
  now: Date,
  timeZone: string,
): { ok: true; period: JourneyPeriod } | { ok: false; error: PeriodError } {
  if (request.from || request.to) {
    const from = parseLocalDate(request.from ?? "");
    const last = parseLocalDate(request.to ?? "");
    if (from === null || last === null) return { ok: false, error: "badDate" };
    if (last < from) return { ok: false, error: "endBeforeStart" };
    const days = last - from + 1;
    if (days > MAX_PERIOD_DAYS) return { ok: false, error: "tooLong" };
    return { ok: true, period: { from, to: last + 1, previousFrom: from - days, baselineFrom: from - BASELINE_DAYS, days, preset: null } };
  }
  const preset = (PERIOD_PRESETS as readonly number[]).includes(Number(request.preset))
    ? (Number(request.preset) as PeriodPreset)
    : DEFAULT_PERIOD_DAYS;
  const to = localDay(now, timeZone) + 1;
  const from = to - preset;
  return { ok: true, period: { from, to, previousFrom: to - 2 * preset, baselineFrom: from - BASELINE_DAYS, days: preset, preset } };
}

/** The period's first and last included dates, "YYYY-MM-DD". */
export function periodDates(period: JourneyPeriod): {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  baselineFrom: string;
} {
  return {
    baselineFrom: formatEpochDay(period.baselineFrom),
    from: formatEpochDay(period.from),
    to: formatEpochDay(period.to - 1),
    previousFrom: formatEpochDay(period.previousFrom),
    previousTo: formatEpochDay(period.from - 1),
  };
}
