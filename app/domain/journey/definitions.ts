// One definition of every journey figure, used both to compute it and to explain it in the UI
// (each KPI's label and definition are the i18n keys `journey.kpi.<id>` and `journey.kpi.<id>.definition`).
//
// Counting rule of the funnel: each customer reaches each stage once, on the first day they do what
// the stage measures; a stage's volume for a period is the number of customers who reached it in
// that period. Conversion to the next stage is a cohort ratio (cohort-conversion.ts): of the customers
// who reached the stage in the period and whose window has elapsed, the share who reached the next
// stage within the window — never above 100 %. The step's explanation in the UI is the i18n key
// `journey.step.<stage>.definition`.
import type { CohortCount } from "./cohort-conversion";
import type { ConvertingStage, JourneyStage } from "./stages";

/** Summable counts for one shop and a range of shop-local days (sums of daily rows). */
export interface JourneyTotals {
  /** Customers whose account was created (sign-up, first checkout with an e-mail, import). */
  newCustomers: number;
  /** Customers who started their first checkout: their first abandoned checkout or, if earlier, their first order. */
  firstCheckouts: number;
  /** Customers whose first qualifying order was placed. */
  firstOrders: number;
  /** Customers whose second qualifying order was placed (they became repeat buyers). */
  secondOrders: number;
  /** Customers who wrote their first review or first answered the NPS question with 9 or 10. */
  firstAdvocates: number;
  /** Abandoned checkouts created (with or without a customer). */
  abandonedCheckouts: number;
  /** Of those, checkouts later completed (recovered). */
  recoveredCheckouts: number;
  /** Qualifying orders that were a customer's second or later. */
  repeatOrders: number;
  /** Reviews written, any status. */
  reviews: number;
  /** Sum of their ratings (1–5). */
  ratingSum: number;
  /** NPS answers (0–10). */
  npsAnswers: number;
  /** Answers of 9 or 10. */
  npsPromoters: number;
  /** Answers of 0 to 6. */
  npsDetractors: number;
}

export const EMPTY_TOTALS: JourneyTotals = {
  newCustomers: 0,
  firstCheckouts: 0,
  firstOrders: 0,
  secondOrders: 0,
  firstAdvocates: 0,
  abandonedCheckouts: 0,
  recoveredCheckouts: 0,
  repeatOrders: 0,
  reviews: 0,
  ratingSum: 0,
  npsAnswers: 0,
  npsPromoters: 0,
  npsDetractors: 0,
};

export function addTotals(a: JourneyTotals, b: Partial<JourneyTotals>): JourneyTotals {
  const sum = { ...a };
  for (const key of Object.keys(EMPTY_TOTALS) as (keyof JourneyTotals)[]) sum[key] += b[key] ?? 0;
  return sum;
}

/** How a KPI's value prints: a count, a share (0–1), a rating (1–5) or an NPS (−100…100). */
export type KpiFormat = "count" | "percent" | "rating" | "nps";

export interface KpiDefinition {
  id: string;
  stage: JourneyStage;
  format: KpiFormat;
  /** null when the value is undefined (a ratio over zero). */
  compute(totals: JourneyTotals): number | null;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/** The figure that measures each stage's volume. */
export const STAGE_VOLUME: Record<JourneyStage, keyof JourneyTotals> = {
  awareness: "newCustomers",
  consideration: "firstCheckouts",
  purchase: "firstOrders",
  retention: "secondOrders",
  advocacy: "firstAdvocates",
};

/** Every KPI the journey page shows, stage by stage. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { id: "newCustomers", stage: "awareness", format: "count", compute: (t) => t.newCustomers },
  { id: "firstCheckouts", stage: "consideration", format: "count", compute: (t) => t.firstCheckouts },
  { id: "abandonedCheckouts", stage: "consideration", format: "count", compute: (t) => t.abandonedCheckouts },
  {
    id: "checkoutRecoveryRate",
    stage: "consideration",
    format: "percent",
    compute: (t) => ratio(t.recoveredCheckouts, t.abandonedCheckouts),
  },
  { id: "firstOrders", stage: "purchase", format: "count", compute: (t) => t.firstOrders },
  { id: "secondOrders", stage: "retention", format: "count", compute: (t) => t.secondOrders },
  { id: "repeatOrders", stage: "retention", format: "count", compute: (t) => t.repeatOrders },
  { id: "firstAdvocates", stage: "advocacy", format: "count", compute: (t) => t.firstAdvocates },
  { id: "reviews", stage: "advocacy", format: "count", compute: (t) => t.reviews },
  { id: "averageRating", stage: "advocacy", format: "rating", compute: (t) => ratio(t.ratingSum, t.reviews) },
  {
    id: "nps",
    stage: "advocacy",
    format: "nps",
    // Net promoter score: % promoters (9–10) minus % detractors (0–6).
    compute: (t) => (t.npsAnswers === 0 ? null : ((t.npsPromoters - t.npsDetractors) / t.npsAnswers) * 100),
  },
];

/** Per arrival day at a stage, the customers who reached the next stage within the step's window (a JourneyDay column). */
export type ConvertedColumn = "awarenessConverted" | "considerationConverted" | "purchaseConverted" | "retentionConverted";

export const CONVERTED_COLUMN: Record<ConvertingStage, ConvertedColumn> = {
  awareness: "awarenessConverted",
  consideration: "considerationConverted",
  purchase: "purchaseConverted",
  retention: "retentionConverted",
};

/** Each step's cohort for one range of arrival days (reached, eligible, converted). */
export type StepCohorts = Record<ConvertingStage, CohortCount>;
