import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MS_PER_DAY } from "../calendar";
import type { DetectedSubscription } from "./detect-subscriptions";
import { predictSubscribers } from "./contractual-predictions";
import { fitShiftedBetaGeometric, retentionRate } from "./shifted-beta-geometric";

const AS_OF = new Date("2026-06-01T00:00:00Z");
const daysBefore = (days: number) => new Date(AS_OF.getTime() - days * MS_PER_DAY);

function subscription(
  customerId: string,
  deliveries: number,
  state: DetectedSubscription["state"],
  plan = "plan-monthly",
): DetectedSubscription {
  const last = daysBefore(state === "ended" ? 200 : 10);
  return {
    customerId,
    sellingPlanId: plan,
    startedAt: new Date(last.getTime() - (deliveries - 1) * 30 * MS_PER_DAY),
    lastDeliveryAt: last,
    deliveries,
    intervalDays: 30,
    intervalSource: "observed",
    state,
    endReason: state === "ended" ? "cancelled" : null,
    nextDeliveryDeadline: new Date(last.getTime() + 45 * MS_PER_DAY),
  };
}

/** A monthly plan's 100 subscribers: 40 ended after 1 delivery, 15 after 2, 7 after 3, 5 after 4; 33 still active with 5. */
function monthlyPlan(): DetectedSubscription[] {
  const list: DetectedSubscription[] = [];
  let id = 0;
  for (const [deliveries, count] of [
    [1, 40],
    [2, 15],
    [3, 7],
    [4, 5],
  ] as const) {
    for (let i = 0; i < count; i++) list.push(subscription(`ended-${id++}`, deliveries, "ended"));
  }
  for (let i = 0; i < 33; i++) list.push(subscription(`active-${i}`, 5, "active"));
  return list;
}

describe("contractual predictions of active subscribers", () => {
  const subscriptions = monthlyPlan();
  const predictions = predictSubscribers({
    subscriptions,
    deliveryValueByCustomer: new Map([["active-0", 4_000]]),
    asOf: AS_OF,
    annualDiscountRate: 0.1,
  });

  it("predicts every active subscriber and no ended one, from the plan's own sBG fit", () => {
    expect(predictions.size).toBe(33);
    expect([...predictions.keys()].every((id) => id.startsWith("active-"))).toBe(true);
    const fit = fitShiftedBetaGeometric({ cancelledAfter: [0, 40, 15, 7, 5, 0], activeAfter: [0, 0, 0, 0, 0, 33] });
    expect(fit.ok).toBe(true);
    const one = predictions.get("active-0")!;
    expect(one.fit).toBe("plan");
    expect(one.params.alpha).toBeCloseTo(fit.ok ? fit.params.alpha : NaN, 6);
    // 40 of 100 left after the first delivery: α/(α + β) = 0.40.
    expect(one.params.alpha).toBeCloseTo(0.582, 3);
    expect(one.params.beta).toBeCloseTo(0.867, 3);
  });

  it("expects the deliveries due in the next 365 days (12 of them, 20 to 350 days ahead) by the product of retention rates", () => {
    const { params, expectedDeliveries365, predictedValue12m } = predictions.get("active-0")!;
    let reach = 1;
    let expected = 0;
    let value = 0;
    for (let k = 1; k <= 12; k++) {
      reach *= retentionRate(params, 5 + k - 1);
      expected += reach;
      value += reach * 4_000 * Math.pow(1.1, -(20 + 30 * (k - 1)) / 365);
    }
    expect(expectedDeliveries365).toBeCloseTo(expected, 10);
    expect(expectedDeliveries365).toBeCloseTo(7.589, 3);
    expect(predictedValue12m).toBeCloseTo(value, 6);
    expect(predictedValue12m).toBeCloseTo(29_086.5, 1);
    // A subscriber without a known delivery value is predicted deliveries but no value.
    expect(predictions.get("active-1")).toMatchObject({ predictedValue12m: 0 });
  });

  it("falls back to the fit of all subscriptions for a plan where nobody has cancelled yet", () => {
    const young = [subscription("new-0", 2, "active", "plan-new"), subscription("new-1", 1, "active", "plan-new")];
    const result = predictSubscribers({
      subscriptions: [...subscriptions, ...young],
      deliveryValueByCustomer: new Map(),
      asOf: AS_OF,
      annualDiscountRate: 0.1,
    });
    expect(result.get("new-0")).toMatchObject({ fit: "shop", sellingPlanId: "plan-new" });
    // Nobody cancelled anywhere: no fit, no prediction.
    expect(
      predictSubscribers({ subscriptions: young, deliveryValueByCustomer: new Map(), asOf: AS_OF, annualDiscountRate: 0.1 }).size,
    ).toBe(0);
  });

  it("never values a subscriber above the undiscounted value of every delivery due, and discounts more at a higher rate", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 1, max: 50_000, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        (deliveries, value, rate) => {
          const list = [...subscriptions, subscription("probe", deliveries, "active")];
          const values = new Map([["probe", value]]);
          const at = (r: number) =>
            predictSubscribers({ subscriptions: list, deliveryValueByCustomer: values, asOf: AS_OF, annualDiscountRate: r }).get("probe")!;
          const low = at(rate);
          const high = at(rate + 0.1);
          return (
            low.expectedDeliveries365 <= 12 &&
            low.predictedValue12m <= low.expectedDeliveries365 * value + 1e-6 &&
            high.predictedValue12m < low.predictedValue12m
          );
        },
      ),
    );
  });
});
