// Segment sizes over time (docs/domain.md §5).
//
// From install on, sizes are the daily snapshots the recompute writes (SegmentSnapshot). Before
// install there are no snapshots, so the past is RECONSTRUCTED from the orders we hold: the lifecycle
// rules (today's thresholds) are applied "as of" the end of each past week, to the customers that
// existed then. This is an estimate, and the page says so: customers deleted since, and thresholds
// changed since, are not in it. Weekly points keep the cost to one shop-wide classification per
// week (a year = 52 classifications, done once by a background job, never in a loader).
//
// Pure: time zone and days are arguments.

import { endOfLocalDay, formatEpochDay, type EpochDay } from "./calendar";
import { classifyLifecycle, classifyShop, type VipCut } from "./lifecycle";
import type { LifecycleRules } from "./lifecycle-rules";
import { countByStage } from "./segment-summary";
import type { CustomerHistory, LifecycleStage } from "./types";

export interface DailySizes {
  /** YYYY-MM-DD, shop-local */
  day: string;
  counts: Record<LifecycleStage, number>;
}

/** The weekly days to reconstruct before `firstKnownDay`: firstKnownDay-7, -14, … (weeks of them), oldest first. */
export function reconstructionDays(firstKnownDay: EpochDay, weeks: number): EpochDay[] {
  return Array.from({ length: weeks }, (_, i) => firstKnownDay - 7 * (weeks - i));
}

/**
 * Segment sizes as of the end of each given local day, by the lifecycle rules applied to the orders
 * placed by then; customers created after that day are left out.
 */
export function reconstructSegmentSizes(
  histories: readonly CustomerHistory[],
  rules: LifecycleRules,
  { timeZone, days }: { timeZone: string; days: readonly EpochDay[] },
): DailySizes[] {
  return days.map((day) => {
    const asOf = endOfLocalDay(day, timeZone);
    const existing = histories.filter((h) => h.createdAt.getTime() <= asOf.getTime());
    const { segmentations } = classifyShop(existing, rules, { asOf, timeZone });
    return { day: formatEpochDay(day), counts: countByStage(segmentations.values()) };
  });
}

export interface ReconstructedStages {
  /** each customer's stage; customers created after the day are absent */
  stages: Map<string, LifecycleStage>;
  /** the shop's VIP cut that day: one more customer is reclassified the same way with reconstructStageOf */
  vipCut: VipCut;
}

/**
 * Each customer's reconstructed stage as of the end of a local day (the same estimate as the sizes:
 * today's rules on the orders placed by then).
 */
export function reconstructStagesAsOf(
  histories: readonly CustomerHistory[],
  rules: LifecycleRules,
  { timeZone, day }: { timeZone: string; day: EpochDay },
): ReconstructedStages {
  const asOf = endOfLocalDay(day, timeZone);
  const existing = histories.filter((h) => h.createdAt.getTime() <= asOf.getTime());
  const { segmentations, vipCut } = classifyShop(existing, rules, { asOf, timeZone });
  return { stages: new Map([...segmentations.values()].map((s) => [s.customerId, s.stage])), vipCut };
}

/** One customer's reconstructed stage as of the end of a local day, given that day's VIP cut; null = not a customer yet. */
export function reconstructStageOf(
  history: CustomerHistory,
  rules: LifecycleRules,
  { timeZone, day, vipCut }: { timeZone: string; day: EpochDay; vipCut: VipCut },
): LifecycleStage | null {
  const asOf = endOfLocalDay(day, timeZone);
  if (history.createdAt.getTime() > asOf.getTime()) return null;
  return classifyLifecycle(history, rules, vipCut, { asOf, timeZone }).stage;
}
