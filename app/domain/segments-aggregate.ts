// The Segments page's whole-shop numbers as computed once (by the jobs that read every customer) and
// brought up to date when read with the transitions recorded since: each later transition moves one
// customer between stage counts, and each customer it touched has their net move in the period
// (transition-matrix.ts) replaced by the one their transitions give now.
import type { VipCut } from "./lifecycle";
import type { RfmCuts } from "./rfm-cuts";
import type { SegmentSales } from "./segment-money";
import type { SegmentFigures } from "./subscriber-filter";
import type { CustomerMove, TransitionMatrix } from "./transition-matrix";
import type { LifecycleStage } from "./types";

export interface ShopifyRfmRow {
  /** Shopify's rfmGroup; null = Shopify gave none */
  group: string | null;
  total: number;
  byStage: Record<LifecycleStage, number>;
}

export interface SegmentsAggregate {
  /** the shop-local epoch day it was computed on: the moves' periods end on it */
  today: number;
  current: Record<LifecycleStage, number>;
  /** null when the shop has no buyer */
  rfmCuts: RfmCuts | null;
  rfGrid: number[][];
  shopifyRfm: ShopifyRfmRow[];
  /** net moves of the last N days (report-periods.ts PERIOD_DAYS), keyed by N */
  moves: Record<string, TransitionMatrix>;
  /**
   * the periods (N) that begin before install, whose moves are estimated from the orders
   * (segment-history.ts), with the VIP cut of the reconstructed day before each: a later transition
   * then reclassifies only the customers it touched
   */
  estimatedMoves?: Record<string, VipCut>;
  /** qualifying orders of the last N days by the customers' segment then, keyed by N (absent in aggregates stored before it existed) */
  sales?: Record<string, Record<LifecycleStage, SegmentSales>>;
  /** sum of the customers' predicted 12-month spend per segment (what the predictions say, published or not) */
  predictedValue?: Record<LifecycleStage, number>;
  /**
   * the same counts, sales and predicted value of the customers who were active subscribers
   * (Customer.subscriber) when computed; absent in aggregates stored before it existed
   */
  subscribers?: SegmentFigures;
}

export interface LaterTransition {
  fromStage: LifecycleStage | null;
  toStage: LifecycleStage;
}

/** Stage counts after later transitions: each one takes a customer out of one stage (none for a first classification) into another. */
export function countsAfter(counts: Record<LifecycleStage, number>, later: readonly LaterTransition[]): Record<LifecycleStage, number> {
  const result = { ...counts };
  for (const t of later) {
    if (t.fromStage !== null) result[t.fromStage] -= 1;
    result[t.toStage] += 1;
  }
  return result;
}

/** The matrix with the `before` moves of some customers replaced by their `after` moves. */
export function replaceMoves(matrix: TransitionMatrix, before: readonly CustomerMove[], after: readonly CustomerMove[]): TransitionMatrix {
  const result: TransitionMatrix = {
    counts: Object.fromEntries(Object.entries(matrix.counts).map(([from, row]) => [from, { ...row }])) as TransitionMatrix["counts"],
    moved: matrix.moved,
    leftFrom: { ...matrix.leftFrom },
    arrivedIn: { ...matrix.arrivedIn },
  };
  const apply = (moves: readonly CustomerMove[], sign: 1 | -1) => {
    for (const move of moves) {
      result.counts[move.from][move.to] += sign;
      result.leftFrom[move.from] += sign;
      result.arrivedIn[move.to] += sign;
      result.moved += sign;
    }
  };
  apply(before, -1);
  apply(after, 1);
  return result;
}
