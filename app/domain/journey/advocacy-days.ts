// The journey's advocacy figures per shop-local day: reviews written (any status) and their ratings, NPS
// answers by category, and customers' first acts of advocacy (definitions.ts). Kept in the daily rows
// for complete days so that a period sums at most a few hundred rows instead of every review and answer
// (docs/decisions/053).
import { zoneCalendar, type EpochDay } from "../calendar";
import { npsCategory } from "../reviews";
import type { JourneyTotals } from "./definitions";

export const ADVOCACY_COLUMNS = ["reviews", "ratingSum", "npsAnswers", "npsPromoters", "npsDetractors", "firstAdvocates"] as const;
export type AdvocacyColumn = (typeof ADVOCACY_COLUMNS)[number] & keyof JourneyTotals;
export type DailyAdvocacyCounts = Record<AdvocacyColumn, number>;

export interface AdvocacyFacts {
  reviews: Iterable<{ createdAt: Date; rating: number }>;
  answers: Iterable<{ createdAt: Date; score: number }>;
  /** Each customer's first review or first promoter answer. */
  firstActs: Iterable<Date>;
}

/** The days up to `throughDay` (the last complete day) that have any review, answer or first act. */
export function countAdvocacyDays(facts: AdvocacyFacts, timeZone: string, throughDay: EpochDay): Map<EpochDay, DailyAdvocacyCounts> {
  const calendar = zoneCalendar(timeZone);
  const days = new Map<EpochDay, DailyAdvocacyCounts>();
  const rowOf = (at: Date): DailyAdvocacyCounts | null => {
    const day = calendar.localDay(at);
    if (day > throughDay) return null;
    let row = days.get(day);
    if (!row) days.set(day, (row = { reviews: 0, ratingSum: 0, npsAnswers: 0, npsPromoters: 0, npsDetractors: 0, firstAdvocates: 0 }));
    return row;
  };
  for (const review of facts.reviews) {
    const row = rowOf(review.createdAt);
    if (!row) continue;
    row.reviews += 1;
    row.ratingSum += review.rating;
  }
  for (const answer of facts.answers) {
    const row = rowOf(answer.createdAt);
    if (!row) continue;
    row.npsAnswers += 1;
    const category = npsCategory(answer.score);
    if (category === "promoter") row.npsPromoters += 1;
    if (category === "detractor") row.npsDetractors += 1;
  }
  for (const at of facts.firstActs) {
    const row = rowOf(at);
    if (row) row.firstAdvocates += 1;
  }
  return days;
}
