// Order histories -> the per-customer summary the CLV models are fitted on (x, t_x, T, zbar; names in
// bg-nbd.ts). Follows the conventions of the literature, which matter for matching published results
// (Fader, Hardie & Lee 2005 on CDNOW):
//   - a customer's purchases on the same calendar day (in the shop's time zone) are ONE transaction,
//     its amount the sum of that day's amounts;
//   - x counts repeat purchase DAYS (the first purchase day is excluded);
//   - t_x and T are whole days from the first purchase day divided by periodDays (7: weeks);
//   - zbar is the mean amount of the repeat purchase days (the first is excluded: Gamma-Gamma models
//     repeat spend), 0 when x = 0.
// This is not RFM for segmentation (summarizeRfm): that one counts every order and is scored by quintile.

import { localDay } from "../calendar";

/**
 * What the CLV models need of an order. Map qualifying OrderFacts to it in the caller (which orders
 * count — cancelled, test, refunded — is the lifecycle rules' decision, not the model's), with
 * amount = net spend (totalPrice − totalRefunded).
 */
export interface ClvTransaction {
  customerId: string;
  at: Date;
  amount: number;
}

export interface ClvSummary {
  customerId: string;
  x: number;
  t_x: number;
  T: number;
  zbar: number;
  /** Purchase days in the holdout period (calibrationEnd, holdoutEnd]; present when holdoutEnd is given. */
  xHoldout?: number;
}

export interface SummarizeForClvOptions {
  /** Last instant of calibration: purchases on its calendar day count, later ones do not. */
  calibrationEnd: Date;
  /** Optional end of a holdout period for validation (its calendar day included). */
  holdoutEnd?: Date;
  /** Length of the model's time unit in days (7 = weeks, as in the literature). */
  periodDays?: number;
  /** IANA zone whose calendar days define "the same day" (default UTC). */
  timeZone?: string;
}

/**
 * One summary per customer whose first purchase falls on or before the calibration end, in order of
 * first appearance in `transactions` (which need not be sorted).
 */
export function summarizeForClv(
  transactions: readonly ClvTransaction[],
  { calibrationEnd, holdoutEnd, periodDays = 7, timeZone = "UTC" }: SummarizeForClvOptions,
): ClvSummary[] {
  if (!(periodDays > 0)) throw new RangeError(`periodDays must be positive, got ${periodDays}.`);
  const endDay = localDay(calibrationEnd, timeZone);
  const holdoutEndDay = holdoutEnd ? localDay(holdoutEnd, timeZone) : endDay;
  if (holdoutEndDay < endDay) throw new RangeError("holdoutEnd is before calibrationEnd.");

  // customer -> (day -> amount), over calibration and holdout days.
  const days = new Map<string, Map<number, number>>();
  for (const { customerId, at, amount } of transactions) {
    if (!Number.isFinite(amount)) throw new RangeError(`Non-finite amount for customer ${customerId}.`);
    const day = localDay(at, timeZone);
    if (day > holdoutEndDay) continue;
    let byDay = days.get(customerId);
    if (!byDay) {
      byDay = new Map();
      days.set(customerId, byDay);
    }
    byDay.set(day, (byDay.get(day) ?? 0) + amount);
  }

  const summaries: ClvSummary[] = [];
  for (const [customerId, byDay] of days) {
    const sorted = [...byDay].sort((p, q) => p[0] - q[0]);
    const first = sorted[0][0];
    if (first > endDay) continue; // not yet a customer at the end of calibration
    let x = 0;
    let last = first;
    let repeatSpend = 0;
    let xHoldout = 0;
    for (let i = 1; i < sorted.length; i++) {
      const [day, amount] = sorted[i];
      if (day <= endDay) {
        x++;
        last = day;
        repeatSpend += amount;
      } else {
        xHoldout++;
      }
    }
    const summary: ClvSummary = {
      customerId,
      x,
      t_x: (last - first) / periodDays,
      T: (endDay - first) / periodDays,
      zbar: x > 0 ? repeatSpend / x : 0,
    };
    if (holdoutEnd) summary.xHoldout = xHoldout;
    summaries.push(summary);
  }
  return summaries;
}
