// "Subscriber" as a dimension of the Segments page (docs/domain.md §8): everyone, the customers with an
// active subscription (定期購入者), or everyone else. The stored figures keep the subscribers' own;
// everyone else's are the whole segment's minus theirs.
import type { SegmentSales } from "./segment-money";
import { LIFECYCLE_STAGES, type LifecycleStage } from "./types";

export const SUBSCRIBER_FILTERS = ["all", "yes", "no"] as const;
export type SubscriberFilter = (typeof SUBSCRIBER_FILTERS)[number];

/** The filter of a URL's `subscriber` parameter (absent = all); null when it is none of them. */
export function parseSubscriberFilter(value: string | null): SubscriberFilter | null {
  if (value === null) return "all";
  return (SUBSCRIBER_FILTERS as readonly string[]).includes(value) ? (value as SubscriberFilter) : null;
}

/** A group of customers' per-segment figures: how many, their sales of each period (keyed by days), their predicted value. */
export interface SegmentFigures {
  current: Record<LifecycleStage, number>;
  sales: Record<string, Record<LifecycleStage, SegmentSales>>;
  predictedValue: Record<LifecycleStage, number>;
}

const byStage = <T>(value: (stage: LifecycleStage) => T) =>
  Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, value(s)])) as Record<LifecycleStage, T>;

/** Everyone but the subscribers: each figure of the whole segment minus the subscribers' one. */
export function othersOf(all: SegmentFigures, subscribers: SegmentFigures): SegmentFigures {
  return {
    current: byStage((s) => all.current[s] - subscribers.current[s]),
    sales: Object.fromEntries(
      Object.entries(all.sales).map(([days, sales]) => [
        days,
        byStage((s) => ({
          revenue: sales[s].revenue - (subscribers.sales[days]?.[s].revenue ?? 0),
          orders: sales[s].orders - (subscribers.sales[days]?.[s].orders ?? 0),
        })),
      ]),
    ),
    predictedValue: byStage((s) => all.predictedValue[s] - subscribers.predictedValue[s]),
  };
}
