import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyTagChanges,
  atRiskTag,
  desiredOwnedTags,
  isEmptyTagPlan,
  isOwnedTag,
  normalizeTag,
  planCustomerTags,
  planTagChanges,
  stageTag,
  type CustomerTagSettings,
} from "./owned-tags";
import { LIFECYCLE_STAGES } from "./types";

describe("stageTag", () => {
  it("is the prefix followed by the stage", () => {
    expect(stageTag("vip")).toBe("tsunagu:vip");
    expect(stageTag("dormant", "lc:")).toBe("lc:dormant");
  });
});

describe("planTagChanges", () => {
  it("adds the new stage tag and removes the old one, leaving merchant tags alone", () => {
    expect(planTagChanges(["wholesale", "tsunagu:regular", "newsletter"], ["tsunagu:vip"])).toEqual({
      add: ["tsunagu:vip"],
      remove: ["tsunagu:regular"],
      blockedByTagLimit: false,
      blocked: [],
    });
  });

  it("does nothing when the customer already has exactly the desired tags", () => {
    const plan = planTagChanges(["wholesale", "tsunagu:vip"], ["tsunagu:vip"]);
    expect(isEmptyTagPlan(plan)).toBe(true);
  });

  it("treats tags that differ only in case or surrounding spaces as the same tag", () => {
    expect(isEmptyTagPlan(planTagChanges([" Tsunagu:VIP"], ["tsunagu:vip"]))).toBe(true);
    expect(planTagChanges(["TSUNAGU:new"], ["tsunagu:vip"]).remove).toEqual(["TSUNAGU:new"]);
  });

  it("never removes a tag that merely contains our prefix somewhere else", () => {
    expect(planTagChanges(["my-tsunagu:vip", "vip", "tsunagu"], ["tsunagu:new"]).remove).toEqual([]);
  });

  it("removes tags of a previous prefix being migrated away from", () => {
    const plan = planTagChanges(["lc:vip", "lcx", "tsunagu:vip"], ["tsunagu:vip"], { previousPrefixes: ["lc:"] });
    expect(plan).toMatchObject({ add: [], remove: ["lc:vip"] });
  });

  it("works with a custom prefix and then ignores the default one", () => {
    expect(planTagChanges(["tsunagu:vip", "shop:new"], ["shop:vip"], { prefix: "shop:" })).toMatchObject({
      add: ["shop:vip"],
      remove: ["shop:new"],
    });
  });

  it("removes every owned tag when nothing is desired", () => {
    expect(planTagChanges(["tsunagu:vip", "tsunagu:rfm-555", "gift"], [])).toMatchObject({
      add: [],
      remove: ["tsunagu:vip", "tsunagu:rfm-555"],
    });
  });

  it("blocks the add when a customer already has 250 merchant tags, and removes no merchant tag to make room", () => {
    const merchant = Array.from({ length: 250 }, (_, i) => `merchant-${i}`);
    expect(planTagChanges(merchant, ["tsunagu:vip"])).toEqual({
      add: [],
      remove: [],
      blockedByTagLimit: true,
      blocked: ["tsunagu:vip"],
    });
  });

  it("at the limit, still swaps our stale tag for the new one (the removal frees the room)", () => {
    const tags = [...Array.from({ length: 249 }, (_, i) => `merchant-${i}`), "tsunagu:regular"];
    expect(planTagChanges(tags, ["tsunagu:vip"])).toEqual({
      add: ["tsunagu:vip"],
      remove: ["tsunagu:regular"],
      blockedByTagLimit: false,
      blocked: [],
    });
  });

  it("adds as many desired tags as fit, in the order given", () => {
    const tags = Array.from({ length: 249 }, (_, i) => `merchant-${i}`);
    expect(planTagChanges(tags, ["tsunagu:vip", "tsunagu:rfm-555"])).toMatchObject({
      add: ["tsunagu:vip"],
      blockedByTagLimit: true,
      blocked: ["tsunagu:rfm-555"],
    });
  });

  it("refuses desired tags without our prefix, with commas, or too long, and an empty prefix", () => {
    expect(() => planTagChanges([], ["vip"])).toThrow(/must start with our prefix/);
    expect(() => planTagChanges([], ["tsunagu:"])).toThrow(/must start with our prefix/);
    expect(() => planTagChanges([], ["tsunagu:a,b"])).toThrow(/comma/);
    expect(() => planTagChanges([], [`tsunagu:${"x".repeat(250)}`])).toThrow(/255/);
    expect(() => planTagChanges(["vip"], [], { prefix: " " })).toThrow(/cannot be empty/);
  });
});

describe("planTagChanges properties", () => {
  const PREFIX = "tsunagu:";
  const PREVIOUS = ["lc:"];
  const ALL_OWNED = [PREFIX, ...PREVIOUS];

  const merchantTag = fc
    .oneof(
      fc.constantFrom("VIP", "wholesale", "newsletter", "tsunagu", "my-tsunagu:vip", "lc", "Tsunagu-fan", "ギフト", "リピーター"),
      fc.string({ minLength: 1, maxLength: 12 }),
    )
    .filter((t) => normalizeTag(t) !== "" && !t.includes(",") && !isOwnedTag(t, ALL_OWNED));

  const ownedTag = fc
    .tuple(fc.constantFrom(PREFIX, "TSUNAGU:", "Tsunagu:", " lc:"), fc.constantFrom(...LIFECYCLE_STAGES, "rfm-555", "VIP"))
    .map(([p, s]) => `${p}${s}`);

  const currentTags = fc.array(fc.oneof(merchantTag, ownedTag), { maxLength: 12 });
  const crowdedTags = fc
    .tuple(fc.integer({ min: 240, max: 252 }), fc.array(ownedTag, { maxLength: 4 }))
    .map(([n, owned]) => [...Array.from({ length: n }, (_, i) => `m${i}`), ...owned]);
  const desiredTags = fc.uniqueArray(fc.constantFrom(...LIFECYCLE_STAGES.map((s) => stageTag(s)), "tsunagu:rfm-555"), { maxLength: 3 });
  const opts = { prefix: PREFIX, previousPrefixes: PREVIOUS };
  const normalizedSet = (tags: readonly string[]) => new Set(tags.map(normalizeTag));

  it("never removes (or drops) a tag without our prefix", () => {
    fc.assert(
      fc.property(fc.oneof(currentTags, crowdedTags), desiredTags, (current, desired) => {
        const plan = planTagChanges(current, desired, opts);
        for (const tag of plan.remove) expect(isOwnedTag(tag, ALL_OWNED)).toBe(true);
        const after = normalizedSet(applyTagChanges(current, plan));
        for (const tag of current) if (!isOwnedTag(tag, ALL_OWNED)) expect(after.has(normalizeTag(tag))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("is idempotent: planning again after applying changes nothing", () => {
    fc.assert(
      fc.property(fc.oneof(currentTags, crowdedTags), desiredTags, (current, desired) => {
        const once = applyTagChanges(current, planTagChanges(current, desired, opts));
        const again = planTagChanges(once, desired, opts);
        expect(again.remove).toEqual([]);
        expect(applyTagChanges(once, again)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves exactly the desired owned tags when there is room, and never pushes a customer over 250", () => {
    fc.assert(
      fc.property(fc.oneof(currentTags, crowdedTags), desiredTags, (current, desired) => {
        const plan = planTagChanges(current, desired, opts);
        const after = applyTagChanges(current, plan);
        if (!plan.blockedByTagLimit) {
          expect(normalizedSet(after.filter((t) => isOwnedTag(t, ALL_OWNED)))).toEqual(normalizedSet(desired));
        }
        expect(after.length).toBeLessThanOrEqual(Math.max(250, normalizedSet(current).size));
        if (plan.add.length > 0) expect(after.length).toBeLessThanOrEqual(250);
      }),
      { numRuns: 500 },
    );
  });
});

describe("desiredOwnedTags", () => {
  it("is the stage tag alone unless the customer is at risk AND the shop enabled the at-risk tag", () => {
    expect(atRiskTag()).toBe("tsunagu:at-risk");
    expect(atRiskTag("crm:")).toBe("crm:at-risk");
    expect(desiredOwnedTags("regular")).toEqual(["tsunagu:regular"]);
    expect(desiredOwnedTags("regular", { atRisk: true })).toEqual(["tsunagu:regular"]);
    expect(desiredOwnedTags("regular", { atRiskTagEnabled: true })).toEqual(["tsunagu:regular"]);
    expect(desiredOwnedTags("vip", { prefix: "crm:", atRisk: true, atRiskTagEnabled: true })).toEqual(["crm:vip", "crm:at-risk"]);
  });

  it("the at-risk tag is never a stage tag, and disabling it plans its removal", () => {
    for (const stage of LIFECYCLE_STAGES) expect(stageTag(stage)).not.toBe(atRiskTag());
    const plan = planTagChanges(["tsunagu:new", "tsunagu:at-risk", "wholesale"], desiredOwnedTags("new"));
    expect(plan).toMatchObject({ add: [], remove: ["tsunagu:at-risk"] });
  });
});

describe("planCustomerTags: the shop's settings applied to one customer", () => {
  const SETTINGS: CustomerTagSettings = {
    tagPrefix: "tsunagu:",
    retiredTagPrefixes: [],
    taggingEnabled: true,
    atRiskTagEnabled: false,
    needsCareTagEnabled: false,
  };
  const vip = { stage: "vip" as const, atRisk: false, needsCare: false };

  it("a changed prefix migrates: the retired prefix's tag goes, the new one comes, merchant tags are not in the plan", () => {
    const plan = planCustomerTags(
      { ...vip, ownedTags: ["tsunagu:vip"], tagCount: 3 },
      { ...SETTINGS, tagPrefix: "lc-", retiredTagPrefixes: ["tsunagu:"] },
    );
    expect(plan).toEqual({ add: ["lc-vip"], remove: ["tsunagu:vip"], blockedByTagLimit: false, blocked: [] });
  });

  it("with tagging off every tag of ours is removed and none is added", () => {
    const plan = planCustomerTags(
      { ...vip, atRisk: true, ownedTags: ["tsunagu:vip", "tsunagu:at-risk"], tagCount: 5 },
      { ...SETTINGS, taggingEnabled: false, atRiskTagEnabled: true },
    );
    expect(plan.add).toEqual([]);
    expect(plan.remove).toEqual(["tsunagu:vip", "tsunagu:at-risk"]);
  });

  it("the needs-care tag follows its switch", () => {
    const customer = { ...vip, needsCare: true, ownedTags: ["tsunagu:vip"], tagCount: 1 };
    expect(planCustomerTags(customer, { ...SETTINGS, needsCareTagEnabled: true }).add).toEqual(["tsunagu:needs-care"]);
    expect(planCustomerTags({ ...customer, ownedTags: ["tsunagu:vip", "tsunagu:needs-care"] }, SETTINGS).remove).toEqual([
      "tsunagu:needs-care",
    ]);
  });

  it("a customer with 250 merchant tags is reported blocked and nothing of the merchant's is removed", () => {
    const plan = planCustomerTags({ ...vip, ownedTags: [], tagCount: 250 }, SETTINGS);
    expect(plan).toEqual({ add: [], remove: [], blockedByTagLimit: true, blocked: ["tsunagu:vip"] });
  });

  it("property: under any settings, the plan only touches our or retired-prefix tags, and applying it twice equals once", () => {
    const prefixes = fc.constantFrom("tsunagu:", "lc-", "shop/seg.");
    fc.assert(
      fc.property(
        fc.constantFrom(...LIFECYCLE_STAGES),
        fc.subarray(["tsunagu:vip", "tsunagu:new", "lc-dormant", "shop/seg.at-risk", "TSUNAGU:Regular"]),
        fc.integer({ min: 0, max: 260 }),
        prefixes,
        fc.subarray(["tsunagu:", "lc-", "shop/seg."]),
        fc.boolean(),
        fc.boolean(),
        (stage, ownedTags, merchantTags, tagPrefix, retired, taggingEnabled, atRisk) => {
          const settings = {
            ...SETTINGS,
            tagPrefix,
            retiredTagPrefixes: retired.filter((p) => p !== tagPrefix),
            taggingEnabled,
            atRiskTagEnabled: true,
          };
          const customer = { stage, atRisk, needsCare: false, ownedTags, tagCount: merchantTags + ownedTags.length };
          const plan = planCustomerTags(customer, settings);
          const ours = [tagPrefix, ...settings.retiredTagPrefixes];
          expect([...plan.add, ...plan.remove].every((t) => isOwnedTag(t, ours))).toBe(true);
          const after = applyTagChanges(ownedTags, plan);
          const again = planCustomerTags({ ...customer, ownedTags: after, tagCount: merchantTags + after.length }, settings);
          expect(again.add).toEqual([]);
          expect(again.remove).toEqual([]);
        },
      ),
    );
  });
});
