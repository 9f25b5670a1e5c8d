// Counts and totals per lifecycle stage: the numbers behind the segment tiles and the analyze command.

import type { CustomerSegmentation } from "./lifecycle";
import { LIFECYCLE_STAGES, type LifecycleStage } from "./types";

export interface StageTotals {
  customers: number;
  /** qualifying orders of the customers in the stage */
  orders: number;
  /** net spend of the customers in the stage (all time), rounded to 1/10000 */
  netSpent: number;
}

export interface SegmentSummary {
  customers: number;
  buyers: number;
  byStage: Record<LifecycleStage, StageTotals>;
}

/** Customers per stage, in LIFECYCLE_STAGES order; every stage present, zero when empty. */
export function countByStage(segmentations: Iterable<Pick<CustomerSegmentation, "stage">>): Record<LifecycleStage, number> {
  const counts = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;
  for (const { stage } of segmentations) counts[stage] += 1;
  return counts;
}

/** Customers, orders and net spend per stage. */
export function summarizeSegments(segmentations: Iterable<Pick<CustomerSegmentation, "stage" | "orders" | "netSpent">>): SegmentSummary {
  const units = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;
  const byStage = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, { customers: 0, orders: 0, netSpent: 0 }])) as Record<
    LifecycleStage,
    StageTotals
  >;
  let customers = 0;
  let buyers = 0;
  for (const s of segmentations) {
    customers += 1;
    if (s.orders > 0) buyers += 1;
    const totals = byStage[s.stage];
    totals.customers += 1;
    totals.orders += s.orders;
    units[s.stage] += Math.round(s.netSpent * 10_000);
  }
  for (const stage of LIFECYCLE_STAGES) byStage[stage].netSpent = units[stage] / 10_000;
  return { customers, buyers, byStage };
}
