import { describe, expect, it } from "vitest";
import { parseLocalDate } from "./calendar";
import { LIFECYCLE_RULES } from "./lifecycle-rules";
import { reconstructionDays, reconstructSegmentSizes } from "./segment-history";
import type { CustomerHistory, OrderFact } from "./types";

function order(customerId: string, processedAt: string): OrderFact {
  return { id: `${customerId}-${processedAt}`, customerId, processedAt: new Date(processedAt), totalPrice: 100, totalRefunded: 0, cancelled: false, test: false, financialStatus: "PAID" };
}

const day = (text: string) => parseLocalDate(text)!;

describe("reconstructSegmentSizes", () => {
  it("reconstructs weekly days before the first snapshot, oldest first", () => {
    expect(reconstructionDays(day("2026-03-15"), 3).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))).toEqual([
      "2026-02-22",
      "2026-03-01",
      "2026-03-08",
    ]);
  });

  it("an empty shop has zero customers in every stage on every day", () => {
    const [sizes] = reconstructSegmentSizes([], LIFECYCLE_RULES, { timeZone: "Asia/Tokyo", days: [day("2026-01-01")] });
    expect(sizes).toEqual({ day: "2026-01-01", counts: { churned: 0, dormant: 0, vip: 0, regular: 0, new: 0, prospect: 0 } });
  });

  it("classifies as of the end of each local day, leaving out customers not yet created", () => {
    const histories: CustomerHistory[] = [
      // a prospect from January, first order on 10 Feb (Tokyo), second on 1 March
      { customerId: "a", createdAt: new Date("2026-01-05T00:00:00Z"), orders: [order("a", "2026-02-10T09:00:00+09:00"), order("a", "2026-03-01T09:00:00+09:00")] },
      // created in March: absent before
      { customerId: "b", createdAt: new Date("2026-03-02T00:00:00Z"), orders: [] },
    ];
    const sizes = reconstructSegmentSizes(histories, LIFECYCLE_RULES, {
      timeZone: "Asia/Tokyo",
      days: [day("2026-02-09"), day("2026-02-10"), day("2026-03-01"), day("2026-03-02")],
    });
    expect(sizes.map((s) => [s.day, s.counts.prospect, s.counts.new, s.counts.vip + s.counts.regular])).toEqual([
      ["2026-02-09", 1, 0, 0],
      ["2026-02-10", 0, 1, 0],
      ["2026-03-01", 0, 0, 1],
      ["2026-03-02", 1, 0, 1],
    ]);
  });
});
