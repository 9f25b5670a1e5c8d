import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DAILY_COLUMNS,
  firstSliceDay,
  sliceStarts,
  sumSlices,
  type DailySums,
  type DaySlice,
  type ElapsedBasis,
  type SliceRanges,
} from "./day-slices";
import { CONVERTING_STAGES } from "./stages";

const sumsOf = (values: Partial<DailySums>): DailySums =>
  ({ ...Object.fromEntries(DAILY_COLUMNS.map((c) => [c, 0])), ...values }) as DailySums;

/** The slices a GROUP BY over the slice starts gives for these daily rows (what the database returns). */
function slicesOf(rows: readonly { day: number; sums: DailySums }[], ranges: SliceRanges, basis: ElapsedBasis): DaySlice[] {
  const starts = [firstSliceDay(ranges), ...sliceStarts(ranges, basis)];
  const bySlice = new Map<number, DailySums>();
  for (const row of rows) {
    if (row.day < firstSliceDay(ranges) || row.day >= ranges.to) continue;
    const start = starts.filter((s) => s <= row.day).at(-1)!;
    const into = bySlice.get(start) ?? sumsOf({});
    for (const c of DAILY_COLUMNS) into[c] += row.sums[c];
    bySlice.set(start, into);
  }
  return [...bySlice].map(([start, sums]) => ({ start, sums }));
}

/** The same figures day by day, as the single statement of sums over every row computed them. */
function dayByDay(rows: readonly { day: number; sums: DailySums }[], ranges: SliceRanges, basis: ElapsedBasis) {
  return sumSlices(
    rows.filter((r) => r.day >= firstSliceDay(ranges) && r.day < ranges.to).map((r) => ({ start: r.day, sums: r.sums })),
    ranges,
    basis,
  );
}

describe("the journey's days read as slices", () => {
  const ranges: SliceRanges = { previousFrom: 970, baselineFrom: 635, from: 1000, to: 1030 };
  const basis: ElapsedBasis = { asOfDay: 1040, windows: { awareness: 30, consideration: 30, purchase: 90, retention: 90 } };

  it("cuts the days where the previous period, the baseline and the period begin and where each window stops having elapsed", () => {
    // 1040 − 30 + 1 = 1011 and 1040 − 90 + 1 = 951: the first day whose window is still open.
    expect(sliceStarts(ranges, basis)).toEqual([951, 970, 1000, 1011]);
    expect(sliceStarts(ranges, null)).toEqual([970, 1000]);
  });

  it("counts a slice in the ranges its first day is in, and its cohort as elapsed only when that day's window has", () => {
    const slices: DaySlice[] = [
      { start: 635, sums: sumsOf({ newCustomers: 10, awarenessConverted: 4, firstOrders: 6, purchaseConverted: 3 }) },
      { start: 970, sums: sumsOf({ newCustomers: 5, repeatOrders: 4, awarenessConverted: 1 }) },
      { start: 1000, sums: sumsOf({ newCustomers: 3, firstOrders: 1, awarenessConverted: 2 }) },
      { start: 1011, sums: sumsOf({ newCustomers: 2, firstCheckouts: 2, awarenessConverted: 2 }) },
    ];
    const { current, previous, cohorts } = sumSlices(slices, ranges, basis);
    expect(current).toMatchObject({ newCustomers: 5, firstCheckouts: 2, firstOrders: 1, repeatOrders: 0 });
    expect(previous).toMatchObject({ newCustomers: 5, repeatOrders: 4 });
    expect(cohorts.current.awareness).toEqual({ reached: 5, eligible: 3, converted: 2 });
    expect(cohorts.current.purchase).toEqual({ reached: 1, eligible: 0, converted: 0 });
    expect(cohorts.previous.awareness).toEqual({ reached: 5, eligible: 5, converted: 1 });
    expect(cohorts.baseline.awareness).toEqual({ reached: 15, eligible: 15, converted: 5 });
    expect(cohorts.baseline.purchase).toEqual({ reached: 6, eligible: 6, converted: 3 });
    expect(sumSlices(slices, ranges, null).cohorts.baseline.awareness).toEqual({ reached: 15, eligible: 0, converted: 0 });
  });

  it("gives every figure the day-by-day sums give, for any period, windows and rows", () => {
    const row = fc.record({
      day: fc.integer({ min: 0, max: 2000 }),
      sums: fc.record(Object.fromEntries(DAILY_COLUMNS.map((c) => [c, fc.nat(50)])) as Record<keyof DailySums, fc.Arbitrary<number>>),
    });
    const window = fc.integer({ min: 1, max: 400 });
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => r.day, maxLength: 80 }),
        fc.integer({ min: 400, max: 1800 }),
        fc.integer({ min: 1, max: 400 }),
        fc.option(fc.record({ asOfDay: fc.integer({ min: 0, max: 2200 }), windows: fc.tuple(window, window, window, window) })),
        (rows, from, days, elapsed) => {
          const periodRanges = { from, to: from + days, previousFrom: from - days, baselineFrom: from - 365 };
          const periodBasis = elapsed && {
            asOfDay: elapsed.asOfDay,
            windows: Object.fromEntries(CONVERTING_STAGES.map((stage, i) => [stage, elapsed.windows[i]!])) as Record<
              (typeof CONVERTING_STAGES)[number],
              number
            >,
          };
          expect(sumSlices(slicesOf(rows, periodRanges, periodBasis), periodRanges, periodBasis)).toEqual(
            dayByDay(rows, periodRanges, periodBasis),
          );
        },
      ),
    );
  });
});
