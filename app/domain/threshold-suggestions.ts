// Threshold suggestions from the shop's own rhythm (docs/domain.md §2): "dormant after the 80th percentile
// of gaps between orders". The merchant accepts or overrides.
//
// Gaps: for each customer, the calendar days (shop zone) between consecutive DISTINCT purchase days of
// qualifying orders placed at or before asOf. Several orders on one day are one purchase occasion (as in
// the CLV literature), so gaps are >= 1 day and a same-day split order does not drag the percentiles
// towards 0.
//
// Percentiles: nearest-rank (the smallest observed gap g such that at least p % of gaps are <= g). No
// interpolation: the result is always a gap that really happened and is a whole number of days.
//
// Suggestion:
// - dormantAfterDays = P80 of gaps: 80 % of observed returns happened within it, so a customer silent
//   for longer is already late by the shop's own standard.
// - churnedAfterDays = max(2 × dormant, P95): two "typical long" cycles missed, and at least the point
//   after which only 5 % of observed returns happen. The 2× floor keeps a usable dormant band between
//   the two thresholds for shops with very regular customers (P95 close to P80), where win-back
//   campaigns happen.
// Both are clamped to the range validateLifecycleRules accepts.
// Caveat, written down so nobody over-reads the numbers: observed gaps are right-censored (a gap longer
// than the remaining observation window cannot be seen yet), so young shops' gaps, and the suggestions,
// are biased short. Hence the minimum sample (default 30 gaps) before suggesting anything.

import { zoneCalendar } from "./calendar";
import { isQualifyingOrder, type ClassificationContext } from "./lifecycle";
import { MAX_THRESHOLD_DAYS } from "./lifecycle-rules";
import type { CustomerHistory } from "./types";

const MIN_GAPS_FOR_SUGGESTION = 30;

export type ThresholdSuggestion =
  | {
      ok: true;
      dormantAfterDays: number;
      churnedAfterDays: number;
      basis: { gapCount: number; customersWithGaps: number | null; p50: number; p80: number; p95: number };
    }
  | { ok: false; reason: "not-enough-gaps"; gapCount: number; minGaps: number };

/** Inter-purchase gaps in calendar days (see header), every customer's gaps concatenated. */
export function interPurchaseGaps(histories: Iterable<CustomerHistory>, ctx: ClassificationContext): number[] {
  return gapsByCustomer(histories, ctx).flat();
}

function gapsByCustomer(histories: Iterable<CustomerHistory>, ctx: ClassificationContext): number[][] {
  const calendar = zoneCalendar(ctx.timeZone);
  const asOfMs = ctx.asOf.getTime();
  if (Number.isNaN(asOfMs)) throw new RangeError("asOf must be a valid Date.");
  const result: number[][] = [];
  for (const history of histories) {
    const days: number[] = [];
    for (const order of history.orders) {
      if (order.customerId !== history.customerId) continue;
      const ms = order.processedAt.getTime();
      if (!(ms <= asOfMs) || !isQualifyingOrder(order)) continue;
      days.push(calendar.localDay(ms));
    }
    if (days.length < 2) continue;
    days.sort((a, b) => a - b);
    const gaps: number[] = [];
    for (let i = 1; i < days.length; i++) {
      const gap = days[i]! - days[i - 1]!;
      if (gap > 0) gaps.push(gap);
    }
    if (gaps.length > 0) result.push(gaps);
  }
  return result;
}

/** Nearest-rank percentile of an ascending array: sorted[ceil(p/100 × n) - 1]. */
export function nearestRankPercentile(sortedAscending: readonly number[], percent: number): number {
  const n = sortedAscending.length;
  if (n === 0) throw new RangeError("Percentile of an empty sample.");
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`Percent must be in (0, 100], got ${percent}.`);
  const rank = Math.max(1, Math.ceil((percent / 100) * n - 1e-9));
  return sortedAscending[Math.min(n, rank) - 1]!;
}

/** Suggested dormant/churned thresholds from gaps (days), or why there is none. */
export function suggestThresholdsFromGaps(
  gaps: readonly number[],
  { minGaps = MIN_GAPS_FOR_SUGGESTION, customersWithGaps }: { minGaps?: number; customersWithGaps?: number } = {},
): ThresholdSuggestion {
  const valid = gaps.filter((g) => Number.isFinite(g) && g > 0);
  if (valid.length < minGaps) return { ok: false, reason: "not-enough-gaps", gapCount: valid.length, minGaps };
  const sorted = [...valid].sort((a, b) => a - b);
  const p50 = nearestRankPercentile(sorted, 50);
  const p80 = nearestRankPercentile(sorted, 80);
  const p95 = nearestRankPercentile(sorted, 95);
  const dormantAfterDays = Math.min(MAX_THRESHOLD_DAYS - 1, Math.max(1, Math.ceil(p80)));
  const churnedAfterDays = Math.min(MAX_THRESHOLD_DAYS, Math.max(2 * dormantAfterDays, Math.ceil(p95)));
  return {
    ok: true,
    dormantAfterDays,
    churnedAfterDays,
    basis: { gapCount: valid.length, customersWithGaps: customersWithGaps ?? null, p50, p80, p95 },
  };
}

/** Suggested thresholds from the shop's histories as of ctx.asOf. */
export function suggestThresholds(
  histories: Iterable<CustomerHistory>,
  ctx: ClassificationContext,
  { minGaps = MIN_GAPS_FOR_SUGGESTION }: { minGaps?: number } = {},
): ThresholdSuggestion {
  const perCustomer = gapsByCustomer(histories, ctx);
  return suggestThresholdsFromGaps(perCustomer.flat(), { minGaps, customersWithGaps: perCustomer.length });
}
