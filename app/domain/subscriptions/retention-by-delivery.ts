// Retention by delivery number (回数別継続率) per start-month cohort, and per selling plan: the share of a
// cohort's subscribers who reach delivery 2, 3, …, with the walls where many leave at once.
//
// Subscribers who are still active (or paused) with k deliveries have not yet had the chance to reach
// delivery k + 1 (nor to cancel before it), so they are censored at k: the shares are Kaplan–Meier
// products over those whose step k → k + 1 is decided, not raw counts:
//   reach(1) = 1,   reach(k + 1) = reach(k) · (1 − ended after k / (ended after k + reached k + 1)).
// Keeping the still-active in the step's denominator would count them as retained before they were due,
// overstating reach; the sBG likelihood censors them the same way (active with k: T ≥ k).
// A wall is a step whose retention is at least 10 percentage points below the median step of its row.
// The same counts feed the sBG fit (CohortLifetimes): ended after k = cancelled, active after k = censored.

import { localDateString } from "../calendar";
import type { DetectedSubscription } from "./detect-subscriptions";
import type { CohortLifetimes } from "./shifted-beta-geometric";

export const WALL_RULE = { pointsBelowMedianStep: 0.1 } as const;

export interface RetentionRow {
  /** Start month "YYYY-MM" in the shop's zone; null when the row covers every start month. */
  cohort: string | null;
  /** null when the row covers every plan. */
  sellingPlanId: string | null;
  subscribers: number;
  /** atRisk[k − 1]: subscribers with at least k deliveries. */
  atRisk: number[];
  /** reach[k − 1]: estimated share of the cohort reaching delivery k (reach[0] = 1). */
  reach: number[];
  /**
   * stepRetention[k − 1]: of those with k deliveries whose next was decided (all but the still-active with exactly
   * k), the share who reached delivery k + 1; null from the last delivery anyone reached, where nobody went on.
   */
  stepRetention: Array<number | null>;
  /** Delivery numbers k whose step k → k + 1 is a wall. */
  walls: number[];
  lifetimes: CohortLifetimes;
}

export function retentionByDelivery(
  subscriptions: readonly DetectedSubscription[],
  options: { timeZone: string; byPlan: boolean; byCohort?: boolean },
): RetentionRow[] {
  const groups = new Map<string, { cohort: string | null; plan: string | null; members: DetectedSubscription[] }>();
  for (const s of subscriptions) {
    const cohort = options.byCohort === false ? null : localDateString(s.startedAt, options.timeZone).slice(0, 7);
    const plan = options.byPlan ? s.sellingPlanId : null;
    const key = `${cohort}\u001f${plan ?? ""}`;
    const group = groups.get(key) ?? { cohort, plan, members: [] };
    group.members.push(s);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => (a.cohort === b.cohort ? (a.plan ?? "").localeCompare(b.plan ?? "") : (a.cohort ?? "") < (b.cohort ?? "") ? -1 : 1))
    .map(({ cohort, plan, members }) => buildRow(cohort, plan, members));
}

function buildRow(cohort: string | null, sellingPlanId: string | null, members: DetectedSubscription[]): RetentionRow {
  const maxDeliveries = Math.max(...members.map((m) => m.deliveries));
  const cancelledAfter = new Array<number>(maxDeliveries + 1).fill(0);
  const activeAfter = new Array<number>(maxDeliveries + 1).fill(0);
  for (const m of members) (m.state === "ended" ? cancelledAfter : activeAfter)[m.deliveries]++;

  const atRisk: number[] = [];
  const reach: number[] = [1];
  const stepRetention: Array<number | null> = [];
  let remaining = members.length;
  for (let k = 1; k <= maxDeliveries; k++) {
    atRisk.push(remaining);
    if (k < maxDeliveries) {
      // Someone reached k + 1, so the decided are never empty here.
      const step = 1 - cancelledAfter[k] / (remaining - activeAfter[k]);
      stepRetention.push(step);
      reach.push(reach[k - 1] * step);
    } else stepRetention.push(null);
    remaining -= cancelledAfter[k] + activeAfter[k];
  }
  const known = stepRetention.filter((r): r is number => r !== null).sort((a, b) => a - b);
  const medianStep =
    known.length === 0 ? null : known.length % 2 ? known[known.length >> 1] : (known[known.length / 2 - 1] + known[known.length / 2]) / 2;
  const walls =
    medianStep === null
      ? []
      : stepRetention.flatMap((r, i) => (r !== null && r <= medianStep - WALL_RULE.pointsBelowMedianStep ? [i + 1] : []));
  return {
    cohort,
    sellingPlanId,
    subscribers: members.length,
    atRisk,
    reach,
    stepRetention,
    walls,
    lifetimes: { cancelledAfter, activeAfter },
  };
}
