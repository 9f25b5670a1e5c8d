import { describe, expect, it } from "vitest";
import { parseLocalDate } from "./calendar";
import { LIFECYCLE_RULES } from "./lifecycle-rules";
import { reconstructionDays, reconstructSegmentSizes, reconstructStageOf, reconstructStagesAsOf } from "./segment-history";
import { movesBetween } from "./transition-matrix";
import type { CustomerHistory, OrderFact } from "./types";

function order(customerId: string, processedAt: string, totalPrice = 100): OrderFact {
  return {
    id: `${customerId}-${processedAt}`,
    customerId,
    processedAt: new Date(processedAt),
    totalPrice,
    totalRefunded: 0,
    cancelled: false,
    test: false,
    financialStatus: "PAID",
  };
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
      {
        customerId: "a",
        createdAt: new Date("2026-01-05T00:00:00Z"),
        orders: [order("a", "2026-02-10T09:00:00+09:00"), order("a", "2026-03-01T09:00:00+09:00")],
      },
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

describe("estimated moves before install", () => {
  it("compares each customer's reconstructed stage at the start of the period with their stage now", () => {
    const histories: CustomerHistory[] = [
      {
        customerId: "a",
        createdAt: new Date("2026-01-05T00:00:00Z"),
        orders: [order("a", "2026-02-10T09:00:00+09:00"), order("a", "2026-03-01T09:00:00+09:00")],
      },
      { customerId: "b", createdAt: new Date("2026-03-02T00:00:00Z"), orders: [] },
      { customerId: "c", createdAt: new Date("2026-01-05T00:00:00Z"), orders: [] },
    ];
    // As of 9 Feb (Tokyo): a is a prospect, c too, b does not exist yet.
    const before = reconstructStagesAsOf(histories, LIFECYCLE_RULES, { timeZone: "Asia/Tokyo", day: day("2026-02-09") });
    expect([...before.stages]).toEqual([
      ["a", "prospect"],
      ["c", "prospect"],
    ]);
    const now = new Map([
      ["a", "regular"],
      ["b", "prospect"],
      ["c", "prospect"],
    ] as const);
    // a prospect → regular, b not yet a customer → prospect; c did not move.
    expect(movesBetween(before.stages, now)).toEqual([
      { customerId: "a", from: "prospect", to: "regular" },
      { customerId: "b", from: "none", to: "prospect" },
    ]);
  });

  it("reclassifies one customer as the whole-shop reconstruction did, given that day's VIP cut", () => {
    // Three repeat buyers as of 31 Mar; the top 20 % (one customer) is VIP: c, who spent the most.
    const buyer = (id: string, amount: number): CustomerHistory => ({
      customerId: id,
      createdAt: new Date("2026-01-05T00:00:00Z"),
      orders: [order(id, "2026-03-01T09:00:00+09:00", amount), order(id, "2026-03-20T09:00:00+09:00", amount)],
    });
    const histories = [
      buyer("a", 1000),
      buyer("b", 2000),
      buyer("c", 9000),
      { customerId: "d", createdAt: new Date("2026-04-02T00:00:00Z"), orders: [] },
    ];
    const opts = { timeZone: "Asia/Tokyo", day: day("2026-03-31") };
    const whole = reconstructStagesAsOf(histories, LIFECYCLE_RULES, opts);
    expect([...whole.stages]).toEqual([
      ["a", "regular"],
      ["b", "regular"],
      ["c", "vip"],
    ]);
    expect(histories.map((h) => reconstructStageOf(h, LIFECYCLE_RULES, { ...opts, vipCut: whole.vipCut }))).toEqual([
      "regular",
      "regular",
      "vip",
      null,
    ]);
  });
});
