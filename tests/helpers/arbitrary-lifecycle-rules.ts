// Any valid lifecycle rules for property tests: the shop's defaults with the thresholds a merchant sets
// drawn, churn always after dormancy.
import fc from "fast-check";
import { LIFECYCLE_RULES, type LifecycleRules } from "../../app/domain/lifecycle-rules";

export const arbitraryLifecycleRules: fc.Arbitrary<LifecycleRules> = fc
  .record({
    dormantAfterDays: fc.integer({ min: 1, max: 400 }),
    extra: fc.integer({ min: 1, max: 400 }),
    vipTopPercent: fc.integer({ min: 1, max: 100 }),
    vipMinSpend: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
  })
  .map(({ dormantAfterDays, extra, vipTopPercent, vipMinSpend }) => ({
    ...LIFECYCLE_RULES,
    dormantAfterDays,
    churnedAfterDays: dormantAfterDays + extra,
    vipTopPercent,
    vipMinSpend,
  }));
