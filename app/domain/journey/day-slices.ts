// The journey page's sums over daily rows, read as a few slices of days: the days are cut wherever a
// range begins or ends (the period, the one before it, the baseline) or a step's window stops having
// elapsed, so every day of a slice belongs to the same ranges. The database then sums each column once
// per slice (a handful of grouped rows, whatever the period's length) and the ranges add up the slices.
import type { EpochDay } from "../calendar";
import { ADVOCACY_COLUMNS } from "./advocacy-days";
import { CONVERTED_COLUMN, STAGE_VOLUME, type ConvertedColumn, type StepCohorts } from "./definitions";
import type { StepWindows } from "./journey-map";
import { CONVERTING_STAGES } from "./stages";

/** The JourneyDay columns of the period's totals (the advocacy ones hold complete days only: advocacy-days.ts). */
const SUMMED_TOTALS = [
  "newCustomers",
  "firstCheckouts",
  "firstOrders",
  "secondOrders",
  "abandonedCheckouts",
  "recoveredCheckouts",
  "repeatOrders",
  ...ADVOCACY_COLUMNS,
] as const;
type SummedTotal = (typeof SUMMED_TOTALS)[number];

/** The JourneyDay columns a slice sums: the totals and each step's converted customers. */
export const DAILY_COLUMNS: readonly DailyColumn[] = [...SUMMED_TOTALS, ...CONVERTING_STAGES.map((stage) => CONVERTED_COLUMN[stage])];
export type DailyColumn = SummedTotal | ConvertedColumn;
export type DailySums = Record<DailyColumn, number>;

/** Summed columns of the days [start, next slice's start). */
export interface DaySlice {
  start: EpochDay;
  sums: DailySums;
}

export interface SliceRanges {
  previousFrom: EpochDay;
  baselineFrom: EpochDay;
  from: EpochDay;
  to: EpochDay;
}

/** What has elapsed: a step's window has for arrivals up to asOfDay − window; null = nothing yet. */
export type ElapsedBasis = { asOfDay: EpochDay; windows: StepWindows } | null;

const COHORT_RANGES = ["current", "previous", "baseline"] as const;
export type CohortRange = (typeof COHORT_RANGES)[number];

/** The first day the rows are read from: the earlier of the previous period and the baseline. */
export const firstSliceDay = (ranges: SliceRanges): EpochDay => Math.min(ranges.previousFrom, ranges.baselineFrom);

/** The days after the first where a new slice begins, ascending (days in [firstSliceDay, to) are read). */
export function sliceStarts(ranges: SliceRanges, basis: ElapsedBasis): EpochDay[] {
  const first = firstSliceDay(ranges);
  const cuts = [ranges.previousFrom, ranges.baselineFrom, ranges.from];
  // The first day whose window has not elapsed.
  if (basis) for (const stage of CONVERTING_STAGES) cuts.push(basis.asOfDay - basis.windows[stage] + 1);
  return [...new Set(cuts)].filter((day) => day > first && day < ranges.to).sort((a, b) => a - b);
}

/**
 * The period's and the previous period's summed columns, and each step's cohort in the period, the
 * previous period and the baseline (reached; eligible and converted when the window has elapsed).
 * Slices must begin at sliceStarts (or at the first day): a slice is counted by its first day.
 */
export function sumSlices(
  slices: readonly DaySlice[],
  ranges: SliceRanges,
  basis: ElapsedBasis,
): { current: Record<SummedTotal, number>; previous: Record<SummedTotal, number>; cohorts: Record<CohortRange, StepCohorts> } {
  const zero = () => Object.fromEntries(SUMMED_TOTALS.map((c) => [c, 0])) as Record<SummedTotal, number>;
  const totals = { current: zero(), previous: zero() };
  const cohorts = Object.fromEntries(
    COHORT_RANGES.map((range) => [
      range,
      Object.fromEntries(CONVERTING_STAGES.map((stage) => [stage, { reached: 0, eligible: 0, converted: 0 }])),
    ]),
  ) as Record<CohortRange, StepCohorts>;
  for (const { start, sums } of slices) {
    if (start >= ranges.to) continue;
    const within: Record<CohortRange, boolean> = {
      current: start >= ranges.from,
      previous: start >= ranges.previousFrom && start < ranges.from,
      baseline: start >= ranges.baselineFrom && start < ranges.from,
    };
    if (within.current || within.previous) {
      const into = within.current ? totals.current : totals.previous;
      for (const column of SUMMED_TOTALS) into[column] += sums[column];
    }
    for (const range of COHORT_RANGES) {
      if (!within[range]) continue;
      for (const stage of CONVERTING_STAGES) {
        const cohort = cohorts[range][stage];
        const reached = sums[STAGE_VOLUME[stage] as DailyColumn];
        cohort.reached += reached;
        if (basis && start <= basis.asOfDay - basis.windows[stage]) {
          cohort.eligible += reached;
          cohort.converted += sums[CONVERTED_COLUMN[stage] as ConvertedColumn];
        }
      }
    }
  }
  return { ...totals, cohorts };
}
