// `analyze --kpis-out K.json`: the journey KPIs of an order log, computed with the app's own domain code
// (app/domain/journey/cohort-conversion.ts f2Conversion, the F2 conversion of the journey funnel).
//
// K.json: {"asOf": "YYYY-MM-DD", "timeZone": "UTC",
//          "f2": {"30": {"eligible": n, "converted": k, "stillOpen": m}, "90": {...}, "365": {...}}}
// - A customer's first and second qualifying orders (not cancelled, not test, not voided or fully
//   refunded) by processed_at, ties by order id; orders after the end of the --as-of date are ignored.
// - Dates are calendar days in --time-zone (UTC by default).
// - Eligible for window N: the first order's date is at least N days before the as-of date
//   (first <= asOf − N). Converted: the second order's date is at most N days after the first's
//   (second − first <= N; the same day counts). stillOpen: customers whose first order is later
//   (their window has not ended; they are in neither count).

import { writeFile } from "node:fs/promises";
import { parseLocalDate } from "../domain/calendar";
import { f2Conversion, stillOpen, type WindowDays } from "../domain/journey/cohort-conversion";
import type { CustomerHistory } from "../domain/types";
import { InputError } from "./read-lines";

/** The F2 windows the contract asks for, in days. */
export const F2_WINDOWS: readonly WindowDays[] = [30, 90, 365];

export interface KpisFile {
  asOf: string;
  timeZone: string;
  f2: Record<string, { eligible: number; converted: number; stillOpen: number }>;
}

export function computeKpis(histories: Iterable<CustomerHistory>, { asOf, timeZone }: { asOf: string; timeZone: string }): KpisFile {
  const asOfDay = parseLocalDate(asOf);
  if (asOfDay === null) throw new RangeError(`as-of must be YYYY-MM-DD, got "${asOf}"`);
  const counts = f2Conversion(histories, F2_WINDOWS, { asOfDay, timeZone });
  return {
    asOf,
    timeZone,
    f2: Object.fromEntries(
      F2_WINDOWS.map((window) => {
        const count = counts.get(window)!;
        return [String(window), { eligible: count.eligible, converted: count.converted, stillOpen: stillOpen(count) }];
      }),
    ),
  };
}

export async function writeKpisFile(path: string, kpis: KpisFile): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(kpis, null, 2)}\n`);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
