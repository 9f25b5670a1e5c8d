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

import { zoneCalendar } from "../calendar";

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
 * Each customer's purchase days, in flat columns: customers in id order (so nothing downstream depends
 * on the order the rows were read in — PostgreSQL returns unordered rows in any order), each one's days
 * ascending. Customer i's days are entries start[i] .. start[i+1] − 1. Built once per shop, it gives the
 * summaries at any calibration end without reading the transactions again.
 */
export interface PurchaseDays {
  customerIds: string[];
  start: Int32Array;
  /** Local day (epoch day in the shop's zone). */
  day: Int32Array;
  /** The day's summed amount. */
  amount: Float64Array;
  /** Transactions on the day. */
  transactions: Int32Array;
}

/** Whether entry i goes before entry j: by day, then amount (a day's sum then does not depend on the input order). */
function entryBefore(i: number, j: number, day: Int32Array, amount: Float64Array): boolean {
  return day[i] < day[j] || (day[i] === day[j] && amount[i] < amount[j]);
}

/** Sorts entries[from, to) by entryBefore: insertion sort for the usual handful, a library sort beyond. */
function sortEntries(entries: Int32Array, from: number, to: number, day: Int32Array, amount: Float64Array): void {
  if (to - from > 32) {
    entries.subarray(from, to).sort((i, j) => (entryBefore(i, j, day, amount) ? -1 : entryBefore(j, i, day, amount) ? 1 : 0));
    return;
  }
  for (let k = from + 1; k < to; k++) {
    const entry = entries[k];
    let m = k - 1;
    while (m >= from && entryBefore(entry, entries[m], day, amount)) {
      entries[m + 1] = entries[m];
      m--;
    }
    entries[m + 1] = entry;
  }
}

/** The transactions (in any order) grouped into purchase days per customer (see PurchaseDays). */
export function purchaseDays(transactions: readonly ClvTransaction[], timeZone = "UTC"): PurchaseDays {
  const calendar = zoneCalendar(timeZone);
  const n = transactions.length;
  const customerIndex = new Map<string, number>();
  const seen: string[] = [];
  const customerOf = new Int32Array(n);
  const dayOf = new Int32Array(n);
  const amountOf = new Float64Array(n);
  let previousId: string | null = null;
  let c = -1;
  for (let k = 0; k < n; k++) {
    const { customerId, at, amount } = transactions[k];
    if (!Number.isFinite(amount)) throw new RangeError(`Non-finite amount for customer ${customerId}.`);
    // Rows usually come grouped by customer: look the id up only when it changes.
    if (customerId !== previousId) {
      previousId = customerId;
      c = customerIndex.get(customerId) ?? seen.length;
      if (c === seen.length) {
        customerIndex.set(customerId, c);
        seen.push(customerId);
      }
    }
    customerOf[k] = c;
    dayOf[k] = calendar.localDay(at);
    amountOf[k] = amount;
  }
  // The default sort compares UTF-16 code units, as < does, without a callback per comparison.
  const customerIds = seen.slice().sort();
  const customers = customerIds.length;
  const rank = new Int32Array(customers);
  for (let r = 0; r < customers; r++) rank[customerIndex.get(customerIds[r])!] = r;
  // Counting sort by customer rank, then each customer's entries by day.
  const from = new Int32Array(customers + 1);
  for (let k = 0; k < n; k++) from[rank[customerOf[k]] + 1]++;
  for (let r = 0; r < customers; r++) from[r + 1] += from[r];
  const next = from.slice(0, customers);
  const entries = new Int32Array(n);
  for (let k = 0; k < n; k++) entries[next[rank[customerOf[k]]]++] = k;
  const start = new Int32Array(customers + 1);
  const day = new Int32Array(n);
  const amount = new Float64Array(n);
  const count = new Int32Array(n);
  let out = 0;
  for (let r = 0; r < customers; r++) {
    start[r] = out;
    sortEntries(entries, from[r], from[r + 1], dayOf, amountOf);
    for (let e = from[r]; e < from[r + 1]; e++) {
      const k = entries[e];
      if (out > start[r] && day[out - 1] === dayOf[k]) {
        amount[out - 1] += amountOf[k];
        count[out - 1]++;
      } else {
        day[out] = dayOf[k];
        amount[out] = amountOf[k];
        count[out] = 1;
        out++;
      }
    }
  }
  start[customers] = out;
  return { customerIds, start, day: day.slice(0, out), amount: amount.slice(0, out), transactions: count.slice(0, out) };
}

export interface SummarizeDaysOptions {
  /** Last local day of calibration (included). */
  calibrationEndDay: number;
  /** Last local day of the holdout (included); summaries get xHoldout when it is given. */
  holdoutEndDay?: number;
  periodDays?: number;
}

/** The summaries of `days` at a calibration end (see summarizeForClv). */
export function summarizeDays(
  days: PurchaseDays,
  { calibrationEndDay: endDay, holdoutEndDay, periodDays = 7 }: SummarizeDaysOptions,
): ClvSummary[] {
  if (!(periodDays > 0)) throw new RangeError(`periodDays must be positive, got ${periodDays}.`);
  if (holdoutEndDay !== undefined && holdoutEndDay < endDay) throw new RangeError("holdoutEnd is before calibrationEnd.");
  const lastDay = holdoutEndDay ?? endDay;
  const summaries: ClvSummary[] = [];
  for (let c = 0; c < days.customerIds.length; c++) {
    const from = days.start[c];
    const to = days.start[c + 1];
    const first = days.day[from];
    if (first > endDay) continue; // not yet a customer at the end of calibration
    let x = 0;
    let last = first;
    let repeatSpend = 0;
    let xHoldout = 0;
    for (let e = from + 1; e < to; e++) {
      const day = days.day[e];
      if (day <= endDay) {
        x++;
        last = day;
        repeatSpend += days.amount[e];
      } else if (day <= lastDay) {
        xHoldout++;
      }
    }
    const summary: ClvSummary = {
      customerId: days.customerIds[c],
      x,
      t_x: (last - first) / periodDays,
      T: (endDay - first) / periodDays,
      zbar: x > 0 ? repeatSpend / x : 0,
    };
    if (holdoutEndDay !== undefined) summary.xHoldout = xHoldout;
    summaries.push(summary);
  }
  return summaries;
}

/**
 * One summary per customer whose first purchase falls on or before the calibration end, in customer id
 * order (`transactions` need not be sorted).
 */
export function summarizeForClv(
  transactions: readonly ClvTransaction[],
  { calibrationEnd, holdoutEnd, periodDays = 7, timeZone = "UTC" }: SummarizeForClvOptions,
): ClvSummary[] {
  if (!(periodDays > 0)) throw new RangeError(`periodDays must be positive, got ${periodDays}.`);
  const calendar = zoneCalendar(timeZone);
  return summarizeDays(purchaseDays(transactions, timeZone), {
    calibrationEndDay: calendar.localDay(calibrationEnd),
    holdoutEndDay: holdoutEnd ? calendar.localDay(holdoutEnd) : undefined,
    periodDays,
  });
}
