import { describe, expect, it } from "vitest";
import { validateLifecycleRules } from "./lifecycle-rules";
import { interPurchaseGaps, nearestRankPercentile, suggestThresholds, suggestThresholdsFromGaps } from "./threshold-suggestions";
import type { CustomerHistory } from "./types";

const AS_OF = new Date("2025-06-30T03:00:00Z");
const ctx = { asOf: AS_OF, timeZone: "Asia/Tokyo" };

function history(customerId: string, isoInstants: string[], extra: { cancelledIndex?: number } = {}): CustomerHistory {
  return {
    customerId,
    createdAt: new Date("2020-01-01T00:00:00Z"),
    orders: isoInstants.map((iso, i) => ({
      id: `${customerId}-${i}`,
      customerId,
      processedAt: new Date(iso),
      totalPrice: 100,
      totalRefunded: 0,
      cancelled: i === extra.cancelledIndex,
      test: false,
      financialStatus: "PAID",
    })),
  };
}

describe("nearestRankPercentile", () => {
  it("returns an observed value: P80 of 1..10 is 8, P95 is 10, P50 is 5", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRankPercentile(sorted, 80)).toBe(8);
    expect(nearestRankPercentile(sorted, 95)).toBe(10);
    expect(nearestRankPercentile(sorted, 50)).toBe(5);
    expect(nearestRankPercentile([42], 1)).toBe(42);
  });
});

describe("interPurchaseGaps", () => {
  it("measures calendar days in the shop zone between distinct purchase days", () => {
    const gaps = interPurchaseGaps(
      [
        // Tokyo dates: 1 Jan, 1 Jan (same day), 11 Jan, 10 Feb (23:30 JST on 10 Feb is 14:30Z)
        history("a", ["2025-01-01T01:00:00Z", "2025-01-01T05:00:00Z", "2025-01-11T01:00:00Z", "2025-02-10T14:30:00Z"]),
        history("single", ["2025-03-01T00:00:00Z"]),
      ],
      ctx,
    );
    expect(gaps).toEqual([10, 30]);
  });

  it("ignores non-qualifying orders and orders after asOf, and reads orders in any order", () => {
    const gaps = interPurchaseGaps(
      [
        history("a", ["2025-03-01T00:00:00Z", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z", "2025-07-30T00:00:00Z"], {
          cancelledIndex: 2,
        }),
      ],
      ctx,
    );
    expect(gaps).toEqual([59]);
  });
});

describe("suggestThresholdsFromGaps", () => {
  it("suggests dormant at P80 and churned at max(2 × dormant, P95)", () => {
    // 100 gaps: 1..100 days -> P80 = 80, P95 = 95 -> churned = max(160, 95) = 160
    const gaps = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(suggestThresholdsFromGaps(gaps)).toEqual({
      ok: true,
      dormantAfterDays: 80,
      churnedAfterDays: 160,
      basis: { gapCount: 100, customersWithGaps: null, p50: 50, p80: 80, p95: 95 },
    });
  });

  it("uses P95 for churned when the tail is long", () => {
    // 80 gaps of 30 days, 20 gaps of 400 days: P80 = 30, P95 = 400
    const gaps = [...Array(80).fill(30), ...Array(20).fill(400)];
    expect(suggestThresholdsFromGaps(gaps)).toMatchObject({ ok: true, dormantAfterDays: 30, churnedAfterDays: 400 });
  });

  it("declines with a reason below 30 gaps", () => {
    expect(suggestThresholdsFromGaps(Array(29).fill(10))).toEqual({ ok: false, reason: "not-enough-gaps", gapCount: 29, minGaps: 30 });
    expect(suggestThresholdsFromGaps(Array(5).fill(10), { minGaps: 5 }).ok).toBe(true);
  });

  it("always suggests rules that validate", () => {
    for (const gaps of [Array(30).fill(1), Array(30).fill(20_000), Array.from({ length: 40 }, (_, i) => ((i * 37) % 500) + 1)]) {
      const s = suggestThresholdsFromGaps(gaps);
      if (!s.ok) throw new Error("expected a suggestion");
      expect(validateLifecycleRules({ dormantAfterDays: s.dormantAfterDays, churnedAfterDays: s.churnedAfterDays }).ok).toBe(true);
    }
  });
});

describe("suggestThresholds", () => {
  it("works from histories: 40 customers buying every 45 days suggests dormant 45, churned 90", () => {
    const histories = Array.from({ length: 40 }, (_, c) =>
      history(
        `c${c}`,
        [0, 45].map((d) => new Date(Date.parse("2025-01-01T03:00:00Z") + (d + c) * 86_400_000).toISOString()),
      ),
    );
    expect(suggestThresholds(histories, ctx)).toEqual({
      ok: true,
      dormantAfterDays: 45,
      churnedAfterDays: 90,
      basis: { gapCount: 40, customersWithGaps: 40, p50: 45, p80: 45, p95: 45 },
    });
  });
});
