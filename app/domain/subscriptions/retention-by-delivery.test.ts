import fc from "fast-check";
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

  it("does not count subscribers not yet due their next delivery as retained", () => {
    // A bi-monthly plan seen from delivery 2: 671 subscribers, 235 cancelled after delivery 2, 157 still
    // subscribed with 2 (their 3rd is not due yet), 279 reached delivery 3.
    const members = [...subscribers(235, 2, "ended"), ...subscribers(157, 2, "active"), ...subscribers(279, 3, "active")];
    const [row] = retentionByDelivery(members, { timeZone: "UTC", byPlan: false });
    expect(row.atRisk).toEqual([671, 671, 279]);
    // 279 of the 514 whose 3rd delivery was decided reached it — not 1 − 235/671 = 65.0 %.
    expect(row.stepRetention[1]).toBeCloseTo(279 / 514, 12);
    expect(row.reach.map((r) => Math.round(r * 1000) / 1000)).toEqual([1, 1, 0.543]);
  });

  it("leaves the retention of step k and every later step unchanged when subscribers still active with k are added", () => {
    const counts = fc.array(fc.nat({ max: 40 }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(counts, counts, fc.nat(), fc.integer({ min: 1, max: 60 }), (ended, active, at, added) => {
        const members = [
          ...ended.flatMap((n, i) => subscribers(n, i + 1, "ended")),
          ...active.flatMap((n, i) => subscribers(n, i + 1, "active")),
        ];
        fc.pre(members.length > 0);
        const [before] = retentionByDelivery(members, { timeZone: "UTC", byPlan: false });
        const k = (at % before.reach.length) + 1;
        const extra = subscribers(added, k, "active").map((s, i) => ({ ...s, customerId: `added-${i}` }));
        const [after] = retentionByDelivery([...members, ...extra], { timeZone: "UTC", byPlan: false });
        // They reached k (a success for steps before k) and have not yet had the chance to go further.
        expect(after.stepRetention.slice(k - 1)).toEqual(before.stepRetention.slice(k - 1));
        after.stepRetention.slice(0, k - 1).forEach((r, i) => expect(r).toBeGreaterThanOrEqual(before.stepRetention[i]!));
      }),
    );
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
