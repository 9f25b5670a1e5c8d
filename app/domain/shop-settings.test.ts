import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryLifecycleRules } from "../../tests/helpers/arbitrary-lifecycle-rules";
import { startOfLocalDay } from "./calendar";
import { LIFECYCLE_RULES } from "./lifecycle-rules";
import { previewRulesChange, validateSettingsForm, validateTagPrefix, type RawSettingsForm } from "./shop-settings";
import { LIFECYCLE_STAGES, type CustomerHistory } from "./types";

const TOKYO = "Asia/Tokyo";
const ctx = { asOf: new Date("2025-06-30T03:00:00Z"), timeZone: TOKYO }; // 2025-06-30 12:00 Tokyo
const dayStart = startOfLocalDay("2025-06-30", TOKYO).getTime();
const daysAgo = (d: number) => new Date(dayStart - d * 86_400_000 + 12 * 3_600_000);

let seq = 0;
function buyer(customerId: string, ago: number[], amount = 4800): CustomerHistory {
  return {
    customerId,
    createdAt: new Date("2020-01-01T00:00:00Z"),
    orders: ago.map((d) => ({
      id: `gid://shopify/Order/${++seq}`,
      customerId,
      processedAt: daysAgo(d),
      totalPrice: amount,
      totalRefunded: 0,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
    })),
  };
}

// Under the defaults (dormant > 120, churned > 365, VIP = top 20 % of active repeat buyers):
const SHOP: CustomerHistory[] = [
  buyer("prospect", []),
  buyer("new-100-a", [100]),
  buyer("new-100-b", [100]),
  buyer("new-100-c", [100]),
  buyer("regular-95", [95, 300]),
  buyer("regular-c", [10, 20]),
  buyer("regular-d", [10, 20]),
  buyer("vip-e", [5, 6], 100_000),
  buyer("dormant-250", [250]),
  buyer("dormant-260", [260]),
  buyer("dormant-150", [150]),
  buyer("churned-400", [400]),
];

describe("settings preview: who would move where", () => {
  it("dormant after 90 and churned after 200 days: 3 first-time → dormant, 2 dormant → churned, 1 regular → dormant", () => {
    const preview = previewRulesChange(SHOP, LIFECYCLE_RULES, { ...LIFECYCLE_RULES, dormantAfterDays: 90, churnedAfterDays: 200 }, ctx);
    expect(preview.moves).toEqual([
      { from: "new", to: "dormant", customers: 3 },
      { from: "dormant", to: "churned", customers: 2 },
      { from: "regular", to: "dormant", customers: 1 },
    ]);
    expect(preview.movedCustomers).toBe(6);
    expect(preview.unchangedCustomers).toBe(6);
    expect(preview.before).toEqual({ churned: 1, dormant: 3, vip: 1, regular: 3, new: 3, prospect: 1 });
    expect(preview.after).toEqual({ churned: 3, dormant: 5, vip: 1, regular: 2, new: 0, prospect: 1 });
  });

  it("a minimum spend of 9,000 instead of the top 20 % makes the three 9,600 repeat buyers VIP", () => {
    const preview = previewRulesChange(SHOP, LIFECYCLE_RULES, { ...LIFECYCLE_RULES, vipMinSpend: 9000 }, ctx);
    expect(preview.moves).toEqual([{ from: "regular", to: "vip", customers: 3 }]);
    expect(preview.after.vip).toBe(4);
  });

  it("the same rules move nobody", () => {
    expect(previewRulesChange(SHOP, LIFECYCLE_RULES, { ...LIFECYCLE_RULES }, ctx).moves).toEqual([]);
  });

  const arbitraryShop = fc
    .array(fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 4 }), { maxLength: 40 })
    .map((customers) => customers.map((ago, i) => buyer(`c${i}`, ago, 1000 + 100 * i)));

  it("property: every customer is counted once, and the new sizes are the old sizes minus outflows plus inflows", () => {
    fc.assert(
      fc.property(arbitraryShop, arbitraryLifecycleRules, arbitraryLifecycleRules, (shop, before, after) => {
        const preview = previewRulesChange(shop, before, after, ctx);
        expect(preview.movedCustomers + preview.unchangedCustomers).toBe(shop.length);
        for (const stage of LIFECYCLE_STAGES) {
          const outflow = preview.moves.filter((m) => m.from === stage).reduce((s, m) => s + m.customers, 0);
          const inflow = preview.moves.filter((m) => m.to === stage).reduce((s, m) => s + m.customers, 0);
          expect(preview.after[stage]).toBe(preview.before[stage] - outflow + inflow);
        }
        expect(preview.moves.every((m) => m.from !== m.to && m.customers > 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("property: rules changes never touch prospects (no qualifying order is no qualifying order under any rules)", () => {
    fc.assert(
      fc.property(arbitraryShop, arbitraryLifecycleRules, arbitraryLifecycleRules, (shop, before, after) => {
        const preview = previewRulesChange(shop, before, after, ctx);
        expect(preview.moves.some((m) => m.from === "prospect" || m.to === "prospect")).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

const VALID: RawSettingsForm = {
  dormantAfterDays: "120",
  churnedAfterDays: "365",
  vipRule: "top",
  vipTopPercent: "20",
  vipMinSpend: "",
  tagPrefix: "tsunagu:",
  taggingEnabled: "on",
  atRiskTagEnabled: null,
  needsCareTagEnabled: "on",
  reviewDelayDays: "14",
};

describe("settings form validation", () => {
  it("a valid form gives typed settings; unchecked switches are off", () => {
    expect(validateSettingsForm(VALID)).toEqual({
      ok: true,
      settings: {
        dormantAfterDays: 120,
        churnedAfterDays: 365,
        vipTopPercent: 20,
        vipMinSpend: null,
        tagPrefix: "tsunagu:",
        taggingEnabled: true,
        atRiskTagEnabled: false,
        needsCareTagEnabled: true,
        reviewDelayDays: 14,
      },
    });
  });

  it("the minimum-spend VIP rule stores the amount and keeps the percent", () => {
    const result = validateSettingsForm({ ...VALID, vipRule: "min-spend", vipMinSpend: "50,000" });
    expect(result.ok && result.settings.vipMinSpend).toBe(50000);
    expect(result.ok && result.settings.vipTopPercent).toBe(20);
  });

  it("reports every bad field at once, each on its own field", () => {
    const result = validateSettingsForm({
      ...VALID,
      dormantAfterDays: "200",
      churnedAfterDays: "150",
      vipTopPercent: "0",
      tagPrefix: "vip",
      reviewDelayDays: "-1",
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: "churnedAfterDays", code: "churned-not-after-dormant" },
        { field: "vipTopPercent", code: "invalid-percent" },
        { field: "tagPrefix", code: "no-separator" },
        { field: "reviewDelayDays", code: "invalid-days" },
      ],
    });
  });

  it("non-numbers and decimals are not days", () => {
    const result = validateSettingsForm({ ...VALID, dormantAfterDays: "12.5", churnedAfterDays: "abc" });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(["dormantAfterDays", "churnedAfterDays"]);
  });

  it("a minimum spend must be a positive amount", () => {
    const result = validateSettingsForm({ ...VALID, vipRule: "min-spend", vipMinSpend: "0" });
    expect(result).toEqual({ ok: false, errors: [{ field: "vipMinSpend", code: "invalid-amount" }] });
  });

  it.each([
    ["tsunagu:", null],
    ["lc-", null],
    ["shop/segment.", null],
    ["", "required"],
    [" tsunagu:", "surrounding-spaces"],
    ["a,b:", "comma"],
    [":", "length"],
    ["x".repeat(40) + ":", "length"],
    ["tsunagu", "no-separator"],
  ])("tag prefix %j → %s", (prefix, code) => {
    expect(validateTagPrefix(prefix)).toBe(code);
  });
});
