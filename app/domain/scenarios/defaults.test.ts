import { describe, expect, it } from "vitest";
import { DEFAULT_CONTENT_MIX } from "../journey/playbook";
import { LIFECYCLE_STAGES } from "../types";
import { DEFAULT_TEMPLATES, defaultScenario, defaultSegmentScenario, reviewRequestScenario } from "./defaults";
import { parseScenarioDefinition, schedulingRules } from "./definition";
import { entriesOf, stepDueAt } from "./schedule";

describe("default scenarios", () => {
  it("are valid definitions, one per segment and the review request", () => {
    expect(DEFAULT_TEMPLATES).toHaveLength(7);
    for (const template of DEFAULT_TEMPLATES) {
      const definition = defaultScenario(template, { reviewDelayDays: 10 });
      expect(definition.template).toBe(template);
      expect(parseScenarioDefinition(definition)).toEqual({ ok: true, definition });
    }
  });

  it("send each segment the content kinds its playbook mix gives a share, and no other", () => {
    for (const segment of LIFECYCLE_STAGES) {
      const kinds = new Set(defaultSegmentScenario(segment).steps.map((step) => step.content));
      const mix = DEFAULT_CONTENT_MIX[segment];
      expect([...kinds].sort(), segment).toEqual((["brand", "offer", "product"] as const).filter((kind) => mix[kind] > 0));
    }
  });

  it("offer a deeper code the further the customer drifted: 10 % prospect, 15 % dormant, 20 % churned", () => {
    const percentOf = (segment: "prospect" | "dormant" | "churned") =>
      defaultSegmentScenario(segment).steps.flatMap((s) => (s.offer?.value.type === "percentage" ? [s.offer.value.percent] : []));
    expect([percentOf("prospect"), percentOf("dormant"), percentOf("churned")]).toEqual([[10], [15], [20]]);
  });

  it("hold out 10 % of entrants, re-enter, and copy through locale keys", () => {
    const dormant = defaultSegmentScenario("dormant");
    expect(dormant.holdoutShare).toBe(0.1);
    expect(dormant.reentry).toBe(true);
    expect(dormant.name).toEqual({ key: "scenarios.default.dormant.name" });
    expect(dormant.steps.map((s) => s.brief)).toEqual([
      { key: "scenarios.default.dormant.step1" },
      { key: "scenarios.default.dormant.step2" },
      { key: "scenarios.default.dormant.step3" },
    ]);
  });
});

describe("review request scenario", () => {
  const scenario = reviewRequestScenario(14);

  it("enters the review-delay days after fulfilment, asks once and reminds twice, each with the review form link", () => {
    expect(scenario.entry).toEqual({ kind: "days-after-fulfilment", days: 14 });
    expect(scenario.steps.map((s) => [s.dayOffset, s.content, s.reviewFormLink])).toEqual([
      [0, "product", true],
      [7, "product", true],
      [14, "product", true],
    ]);
    expect(scenario.exit).toEqual({ onOrder: false, onLeavingSegment: false, onReview: true });
  });

  it("is due at 09:00 Tokyo time 14, 21 and 28 days after a delivery on 1 March", () => {
    const [entry] = entriesOf(schedulingRules("review", scenario), "c1", [{ kind: "fulfilled", at: new Date("2026-03-01T05:00:00Z") }]);
    expect(entry.enteredAt).toEqual(new Date("2026-03-15T05:00:00Z"));
    expect(scenario.steps.map((step) => stepDueAt(entry, step, "Asia/Tokyo").toISOString())).toEqual([
      "2026-03-15T05:00:00.000Z", // 14:00 JST on entry day is past 09:00: at once
      "2026-03-22T00:00:00.000Z",
      "2026-03-29T00:00:00.000Z",
    ]);
  });
});

describe("default scenario copy", () => {
  it("has every name and step brief in English and Japanese", async () => {
    const en: Record<string, string> = (await import("../../i18n/locales/en/scenarios.json")).default;
    const ja: Record<string, string> = (await import("../../i18n/locales/ja/scenarios.json")).default;
    const keys = DEFAULT_TEMPLATES.flatMap((template) => {
      const definition = defaultScenario(template, { reviewDelayDays: 14 });
      return [definition.name, ...definition.steps.map((s) => s.brief)].map((copy) => ("key" in copy ? copy.key : ""));
    });
    expect(keys).toHaveLength(7 + 22);
    for (const key of keys) {
      expect(en[key], key).toBeTruthy();
      expect(ja[key], key).toBeTruthy();
    }
  });
});
