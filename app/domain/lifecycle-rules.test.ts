import { describe, expect, it } from "vitest";
import { LIFECYCLE_RULES, assertValidLifecycleRules, validateLifecycleRules } from "./lifecycle-rules";

describe("LIFECYCLE_RULES", () => {
  it("are the defaults of docs/domain.md §2: dormant after 120 days, churned after 365, VIP top 20 % over 365 days", () => {
    expect(LIFECYCLE_RULES).toEqual({
      dormantAfterDays: 120,
      churnedAfterDays: 365,
      vipTopPercent: 20,
      vipMinSpend: null,
      vipSpendWindowDays: 365,
    });
    expect(Object.isFrozen(LIFECYCLE_RULES)).toBe(true);
  });

  it("are valid", () => {
    expect(validateLifecycleRules(LIFECYCLE_RULES)).toEqual({ ok: true, rules: LIFECYCLE_RULES });
  });
});

describe("validateLifecycleRules", () => {
  const codes = (input: unknown) => {
    const result = validateLifecycleRules(input);
    return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
  };

  it("fills missing fields from the defaults so a partial settings form validates", () => {
    expect(validateLifecycleRules({ dormantAfterDays: 90 })).toEqual({
      ok: true,
      rules: { ...LIFECYCLE_RULES, dormantAfterDays: 90 },
    });
  });

  it("accepts a minimum VIP spend, which replaces the percentile rule", () => {
    const result = validateLifecycleRules({ vipMinSpend: 50000 });
    expect(result.ok && result.rules.vipMinSpend).toBe(50000);
  });

  it("refuses churned at or before dormant", () => {
    expect(codes({ dormantAfterDays: 200, churnedAfterDays: 200 })).toEqual(["churnedAfterDays:churned-not-after-dormant"]);
    expect(codes({ dormantAfterDays: 400 })).toEqual(["churnedAfterDays:churned-not-after-dormant"]);
  });

  it("refuses fractional, zero, negative or absurd day counts", () => {
    expect(codes({ dormantAfterDays: 90.5 })).toEqual(["dormantAfterDays:invalid-days"]);
    expect(codes({ dormantAfterDays: 0 })).toEqual(["dormantAfterDays:invalid-days"]);
    expect(codes({ churnedAfterDays: -1 })).toEqual(["churnedAfterDays:invalid-days"]);
    expect(codes({ vipSpendWindowDays: 100_000 })).toEqual(["vipSpendWindowDays:invalid-days"]);
    expect(codes({ dormantAfterDays: "120" })).toEqual(["dormantAfterDays:invalid-days"]);
  });

  it("wants a VIP percent in (0, 100]", () => {
    expect(codes({ vipTopPercent: 0 })).toEqual(["vipTopPercent:invalid-percent"]);
    expect(codes({ vipTopPercent: 100.1 })).toEqual(["vipTopPercent:invalid-percent"]);
    expect(codes({ vipTopPercent: Number.NaN })).toEqual(["vipTopPercent:invalid-percent"]);
    expect(codes({ vipTopPercent: 100 })).toEqual([]);
    expect(codes({ vipTopPercent: 0.5 })).toEqual([]);
  });

  it("wants a positive minimum VIP spend or null", () => {
    expect(codes({ vipMinSpend: 0 })).toEqual(["vipMinSpend:invalid-amount"]);
    expect(codes({ vipMinSpend: -10 })).toEqual(["vipMinSpend:invalid-amount"]);
    expect(codes({ vipMinSpend: null })).toEqual([]);
  });

  it("reports every problem at once, and unknown fields", () => {
    expect(codes({ dormantAfterDays: 0, vipTopPercent: 0, dormantDays: 3 })).toEqual([
      "rules:unknown-field",
      "dormantAfterDays:invalid-days",
      "vipTopPercent:invalid-percent",
    ]);
    expect(codes(null)).toEqual(["rules:not-an-object"]);
  });

  it("explains the error in words", () => {
    const result = validateLifecycleRules({ dormantAfterDays: 200, churnedAfterDays: 150 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]!.message).toBe("churnedAfterDays (150) must be greater than dormantAfterDays (200).");
    }
    expect(() => assertValidLifecycleRules({ vipTopPercent: 0 })).toThrow(/vipTopPercent must be/);
  });
});
