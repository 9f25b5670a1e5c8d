// The period a journey page shows: the last 30/90/365 shop-local days up to today, or a custom range
// of local dates (both ends included); the previous period is the same number of days just before.
import { formatEpochDay, localDay, parseLocalDate, type EpochDay } from "../calendar";

export const PERIOD_PRESETS = [30, 90, 365] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
/** Longest custom range (about ten years): keeps a loader's work bounded. */
export const MAX_PERIOD_DAYS = 3660;

export interface JourneyPeriod {
  /** First local day included. */
  from: EpochDay;
  /** First local day NOT included. */
  to: EpochDay;
  previousFrom: EpochDay;
  days: number;
  preset: PeriodPreset | null;
}

export type PeriodRequest = { preset?: string | null; from?: string | null; to?: string | null };

export type PeriodError = "badDate" | "endBeforeStart" | "tooLong";

/** Resolves `?period=90` or `?from=2026-01-01&to=2026-03-31` against "now" in the shop's zone. Default: 30 days. */
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
    return { ok: true, period: { from, to: last + 1, previousFrom: from - days, days, preset: null } };
  }
  const preset = (PERIOD_PRESETS as readonly number[]).includes(Number(request.preset)) ? (Number(request.preset) as PeriodPreset) : 30;
  const to = localDay(now, timeZone) + 1;
  return { ok: true, period: { from: to - preset, to, previousFrom: to - 2 * preset, days: preset, preset } };
}

/** The period's first and last included dates, "YYYY-MM-DD". */
export function periodDates(period: JourneyPeriod): { from: string; to: string; previousFrom: string; previousTo: string } {
  return {
    from: formatEpochDay(period.from),
    to: formatEpochDay(period.to - 1),
    previousFrom: formatEpochDay(period.previousFrom),
    previousTo: formatEpochDay(period.from - 1),
  };
}
