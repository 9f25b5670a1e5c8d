import { describe, expect, it } from "vitest";
import type { DetectedSubscription, SubscriptionState } from "./detect-subscriptions";
import { retentionByDelivery } from "./retention-by-delivery";
import { fitShiftedBetaGeometric } from "./shifted-beta-geometric";

function subscribers(
  count: number,
  deliveries: number,
  state: SubscriptionState,
  startedAt = "2026-01-10T00:00:00Z",
  sellingPlanId = "plan-a",
): DetectedSubscription[] {
  return Array.from({ length: count }, (_, i) => ({
    customerId: `${state}-${deliveries}-${i}-${sellingPlanId}`,
    sellingPlanId,
    startedAt: new Date(startedAt),
    lastDeliveryAt: new Date(startedAt),
    deliveries,
    intervalDays: 30,
    intervalSource: "plan" as const,
    state,
    endReason: state === "ended" ? ("cancelled" as const) : null,
    nextDeliveryDeadline: new Date(startedAt),
  }));
}

describe("retention by delivery number", () => {
  it("estimates the share reaching each delivery with active subscribers censored (Kaplan–Meier)", () => {
    // 10 subscribers: 4 ended after delivery 1, 1 active with 2, 2 ended after 3, 3 active with 4.
    const members = [
      ...subscribers(4, 1, "ended"),
      ...subscribers(1, 2, "active"),
      ...subscribers(2, 3, "ended"),
      ...subscribers(3, 4, "paused"),
    ];
    const [row] = retentionByDelivery(members, { timeZone: "Asia/Tokyo", byPlan: false });
    expect(row.cohort).toBe("2026-01");
    expect(row.atRisk).toEqual([10, 6, 5, 3]);
    // steps: 1 − 4/10 = 0.6, 1 − 0/6 = 1, 1 − 2/5 = 0.6, then unknown (all 3 still subscribed)
    expect(row.stepRetention).toEqual([0.6, 1, 0.6, null]);
    expect(row.reach.map((r) => Math.round(r * 1000) / 1000)).toEqual([1, 0.6, 0.6, 0.36]);
    expect(row.lifetimes).toEqual({ cancelledAfter: [0, 4, 0, 2, 0], activeAfter: [0, 0, 1, 0, 3] });
  });

  it("marks the walls after the 1st and 3rd deliveries where many leave at once", () => {
    // 100 subscribers: 40 leave after delivery 1, 5 after 2, 25 after 3, 3 after 4, 2 after 5, 25 still with 6.
    const members = [
      ...subscribers(40, 1, "ended"),
      ...subscribers(5, 2, "ended"),
      ...subscribers(25, 3, "ended"),
      ...subscribers(3, 4, "ended"),
      ...subscribers(2, 5, "ended"),
      ...subscribers(25, 6, "active"),
    ];
    const [row] = retentionByDelivery(members, { timeZone: "UTC", byPlan: false });
    expect(row.walls).toEqual([1, 3]);
  });

  it("splits cohorts by start month in the shop's zone and, when asked, by plan", () => {
    const members = [
      ...subscribers(2, 1, "ended", "2026-01-31T16:00:00Z"),
      ...subscribers(1, 2, "active", "2026-01-15T00:00:00Z", "plan-b"),
    ];
    // 2026-01-31 16:00 UTC is 1 February in Tokyo.
    expect(retentionByDelivery(members, { timeZone: "Asia/Tokyo", byPlan: false }).map((r) => [r.cohort, r.subscribers])).toEqual([
      ["2026-01", 1],
      ["2026-02", 2],
    ]);
    expect(retentionByDelivery(members, { timeZone: "UTC", byPlan: true }).map((r) => [r.cohort, r.sellingPlanId, r.subscribers])).toEqual([
      ["2026-01", "plan-a", 2],
      ["2026-01", "plan-b", 1],
    ]);
  });

  it("feeds the sBG fit with the same counts", () => {
    const members = [
      ...subscribers(131, 1, "ended"),
      ...subscribers(126, 2, "ended"),
      ...subscribers(90, 3, "ended"),
      ...subscribers(60, 4, "ended"),
      ...subscribers(42, 5, "ended"),
      ...subscribers(34, 6, "ended"),
      ...subscribers(26, 7, "ended"),
      ...subscribers(491, 8, "active"),
    ];
    const [row] = retentionByDelivery(members, { timeZone: "UTC", byPlan: false });
    const fit = fitShiftedBetaGeometric(row.lifetimes);
    // These are Fader & Hardie's "high end" survivors 1000, 869, …, 491 as delivery counts.
    if (!fit.ok) throw new Error(fit.detail);
    expect(fit.params.alpha).toBeCloseTo(0.668, 3);
    expect(fit.params.beta).toBeCloseTo(3.806, 3);
  });
});
