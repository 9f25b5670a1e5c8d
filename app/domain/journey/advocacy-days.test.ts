import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ADVOCACY_COLUMNS, countAdvocacyDays } from "./advocacy-days";
import { parseLocalDate, zoneCalendar } from "../calendar";

const at = (iso: string) => new Date(iso);

describe("the journey's advocacy figures per day", () => {
  it("counts reviews, ratings, answers by category and first acts on the shop-local day, complete days only", () => {
    const days = countAdvocacyDays(
      {
        reviews: [
          { createdAt: at("2026-11-10T00:00:00Z"), rating: 4 },
          { createdAt: at("2026-11-09T15:30:00Z"), rating: 2 }, // 00:30 on 10 November in Tokyo
          { createdAt: at("2026-11-11T15:30:00Z"), rating: 5 }, // 12 November: after the last complete day
        ],
        answers: [
          { createdAt: at("2026-11-10T01:00:00Z"), score: 9 },
          { createdAt: at("2026-11-10T01:00:00Z"), score: 7 },
          { createdAt: at("2026-11-10T01:00:00Z"), score: 6 },
        ],
        firstActs: [at("2026-11-10T00:00:00Z"), at("2026-11-09T14:59:59Z")], // the second on 9 November in Tokyo
      },
      "Asia/Tokyo",
      parseLocalDate("2026-11-11")!,
    );
    expect(Object.fromEntries(days)).toEqual({
      [parseLocalDate("2026-11-09")!]: { reviews: 0, ratingSum: 0, npsAnswers: 0, npsPromoters: 0, npsDetractors: 0, firstAdvocates: 1 },
      [parseLocalDate("2026-11-10")!]: { reviews: 2, ratingSum: 6, npsAnswers: 3, npsPromoters: 1, npsDetractors: 1, firstAdvocates: 1 },
    });
  });

  it("adds up, over the days, to every review, answer and first act up to the last complete day", () => {
    const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(
        fc.array(fc.record({ createdAt: instant, rating: fc.integer({ min: 1, max: 5 }) })),
        fc.array(fc.record({ createdAt: instant, score: fc.integer({ min: 0, max: 10 }) })),
        fc.array(instant),
        fc.constantFrom("UTC", "Asia/Tokyo", "America/New_York"),
        fc.integer({ min: parseLocalDate("2026-01-01")!, max: parseLocalDate("2027-01-01")! }),
        (reviews, answers, firstActs, timeZone, throughDay) => {
          const complete = (d: Date) => zoneCalendar(timeZone).localDay(d) <= throughDay;
          const days = countAdvocacyDays({ reviews, answers, firstActs }, timeZone, throughDay);
          const total = Object.fromEntries(ADVOCACY_COLUMNS.map((c) => [c, [...days.values()].reduce((sum, row) => sum + row[c], 0)]));
          const kept = { reviews: reviews.filter((r) => complete(r.createdAt)), answers: answers.filter((a) => complete(a.createdAt)) };
          expect(total).toEqual({
            reviews: kept.reviews.length,
            ratingSum: kept.reviews.reduce((sum, r) => sum + r.rating, 0),
            npsAnswers: kept.answers.length,
            npsPromoters: kept.answers.filter((a) => a.score >= 9).length,
            npsDetractors: kept.answers.filter((a) => a.score <= 6).length,
            firstAdvocates: firstActs.filter(complete).length,
          });
          expect([...days.keys()].every((day) => day <= throughDay)).toBe(true);
        },
      ),
    );
  });
});
