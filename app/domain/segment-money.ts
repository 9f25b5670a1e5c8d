// Money per lifecycle segment for a period: revenue, orders, average order value, share of the period's
// revenue, and the predicted value of the segment's customers (their predicted 12-month spend) when the
// shop's predictions are published (they are withheld when the model fails its check on the shop's
// own history: then the value is unknown, not zero).
import { LIFECYCLE_STAGES, type LifecycleStage } from "./types";

/** Qualifying orders in the period of the customers now in a segment (net of refunds). */
export interface SegmentSales {
  revenue: number;
  orders: number;
}

export interface SegmentMoney extends SegmentSales {
  customers: number;
  /** revenue ÷ orders; null without orders */
  averageOrderValue: number | null;
  /** this segment's revenue ÷ every segment's; null when the period has no revenue */
  shareOfRevenue: number | null;
  /** sum of the customers' predicted 12-month spend; null when predictions are withheld */
  predictedValue: number | null;
}

export function segmentMoney(
  customers: Record<LifecycleStage, number>,
  sales: Record<LifecycleStage, SegmentSales>,
  predictedValue: Record<LifecycleStage, number> | null,
): Record<LifecycleStage, SegmentMoney> {
  const total = LIFECYCLE_STAGES.reduce((sum, stage) => sum + sales[stage].revenue, 0);
  return Object.fromEntries(
    LIFECYCLE_STAGES.map((stage) => {
      const { revenue, orders } = sales[stage];
      return [
        stage,
        {
          customers: customers[stage],
          revenue,
          orders,
          averageOrderValue: orders === 0 ? null : revenue / orders,
          shareOfRevenue: total === 0 ? null : revenue / total,
          predictedValue: predictedValue === null ? null : predictedValue[stage],
        },
      ];
    }),
  ) as Record<LifecycleStage, SegmentMoney>;
}
