import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultSegmentScenario, reviewRequestScenario } from "./defaults";
import { parseScenarioDefinition, schedulingRules, type ScenarioDefinitionInput } from "./definition";

const winBack: ScenarioDefinitionInput = {
  template: "custom",
  name: { text: "Win back the dormant" },
  entry: { kind: "segment-transition", to: "dormant" },
  steps: [
    { dayOffset: 0, content: "brand", brief: { text: "Our story" } },
    { dayOffset: 7, content: "product", brief: { text: "How to use it" }, localTime: "18:30" },
    {
      dayOffset: 30,
      content: "offer",
      brief: { text: "15 % off, this week only" },
      offer: { kind: "unique-code", value: { type: "percentage", percent: 15 }, expiryDays: 7 },
    },
  ],
  exit: { onOrder: true, onLeavingSegment: true, onReview: false },
  reentry: true,
};

function errorsOf(input: unknown) {
  const parsed = parseScenarioDefinition(input);
  return parsed.ok ? [] : parsed.errors;
}

describe("scenario definition", () => {
  it("accepts a three-step win-back and fills the 10 % holdout, 30-day window and no review link", () => {
    const parsed = parseScenarioDefinition(winBack);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition.holdoutShare).toBe(0.1);
    expect(parsed.definition.conversionWindowDays).toBe(30);
    expect(parsed.definition.steps.map((s) => s.reviewFormLink)).toEqual([false, false, false]);
  });

  it("accepts an amount off and a shared code limited to a segment", () => {
    const steps = [
      { ...winBack.steps[0] },
      {
        dayOffset: 7,
        content: "offer",
        brief: { text: "¥500 off" },
        offer: { kind: "unique-code", value: { type: "amount", amount: 500 }, expiryDays: 14 },
      },
      {
        dayOffset: 14,
        content: "offer",
        brief: { text: "Segment sale" },
        offer: { kind: "segment-code", segment: "dormant", value: { type: "percentage", percent: 10 }, expiryDays: 30 },
      },
    ];
    expect(errorsOf({ ...winBack, steps })).toEqual([]);
  });

  it("names the field and the rule of every problem", () => {
    const broken = {
      ...winBack,
      holdoutShare: 0.6,
      steps: [
        { dayOffset: 7, content: "brand", brief: { text: "Story" } },
        { dayOffset: 7, content: "offer", brief: { text: "" } },
        {
          dayOffset: 10,
          content: "product",
          brief: { text: "x" },
          offer: { kind: "unique-code", value: { type: "percentage", percent: 0 }, expiryDays: 1.5 },
        },
      ],
    };
    expect(errorsOf(broken)).toEqual(
      expect.arrayContaining([
        { path: "holdoutShare", code: "outOfRange" },
        { path: "steps.1.brief.text", code: "empty" },
        { path: "steps.2.offer.value.percent", code: "outOfRange" },
        { path: "steps.2.offer.expiryDays", code: "notWhole" },
      ]),
    );
    expect(errorsOf({ ...broken, holdoutShare: 0.2, steps: [broken.steps[0], { ...broken.steps[1], brief: { text: "Sale" } }] })).toEqual([
      { path: "steps.1.dayOffset", code: "stepsNotInOrder" },
      { path: "steps.1.offer", code: "offerMissing" },
    ]);
  });

  it("refuses exits and links the entry cannot support", () => {
    const firstOrder = { ...winBack, entry: { kind: "first-order" } };
    expect(errorsOf(firstOrder)).toEqual([{ path: "exit.onLeavingSegment", code: "leavingSegmentNeedsSegmentEntry" }]);
    const withLink = { ...winBack, exit: { ...winBack.exit, onReview: true }, steps: [{ ...winBack.steps[0], reviewFormLink: true }] };
    expect(errorsOf(withLink)).toEqual([
      { path: "steps.0.reviewFormLink", code: "reviewLinkNeedsFulfilment" },
      { path: "exit.onReview", code: "reviewExitNeedsOrderEntry" },
    ]);
    const f2 = {
      ...winBack,
      entry: { kind: "f2-window-closing", windowDays: 90, daysBefore: 90 },
      exit: { ...winBack.exit, onLeavingSegment: false },
    };
    expect(errorsOf(f2)).toEqual([{ path: "entry.daysBefore", code: "f2ReminderAfterClose" }]);
  });

  it("calls unknown kinds, wrong types and unknown fields invalid instead of throwing", () => {
    expect(errorsOf({ ...winBack, entry: { kind: "birthday" } })).toEqual([{ path: "entry.kind", code: "invalid" }]);
    expect(errorsOf({ ...winBack, reentry: "yes" })).toEqual([{ path: "reentry", code: "invalid" }]);
    expect(errorsOf({ ...winBack, sendEmail: true })).toEqual([{ path: "", code: "invalid" }]);
    expect(errorsOf({ ...winBack, name: { key: "settings.title" } })).toEqual([{ path: "name.key", code: "invalid" }]);
    expect(errorsOf(null)).toEqual([{ path: "", code: "invalid" }]);
  });

  it("needs between 1 and 8 steps", () => {
    expect(errorsOf({ ...winBack, steps: [] })).toEqual([{ path: "steps", code: "noSteps" }]);
    const nine = Array.from({ length: 9 }, (_, day) => ({ dayOffset: day, content: "brand", brief: { text: "Hi" } }));
    expect(errorsOf({ ...winBack, steps: nine })).toEqual([{ path: "steps", code: "tooManySteps" }]);
  });

  it("accepts steps exactly when their day offsets strictly increase", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 8 }), (offsets) => {
        const steps = offsets.map((dayOffset) => ({ dayOffset, content: "product", brief: { text: "New arrivals" } }));
        const increasing = offsets.every((offset, i) => i === 0 || offset > offsets[i - 1]);
        expect(parseScenarioDefinition({ ...winBack, steps }).ok).toBe(increasing);
      }),
    );
  });

  it("reads back what it stored: a parsed definition through JSON parses to itself", () => {
    for (const definition of [defaultSegmentScenario("dormant"), reviewRequestScenario(14)]) {
      const again = parseScenarioDefinition(JSON.parse(JSON.stringify(definition)));
      expect(again).toEqual({ ok: true, definition });
    }
  });

  it("hands the scheduling core the entry, step times and exits", () => {
    const parsed = parseScenarioDefinition(winBack);
    if (!parsed.ok) throw new Error("win-back should parse");
    expect(schedulingRules("scn_1", parsed.definition)).toEqual({
      id: "scn_1",
      entry: { kind: "segment-transition", to: "dormant" },
      steps: [
        { dayOffset: 0, content: "brand" },
        { dayOffset: 7, content: "product", localTime: "18:30" },
        { dayOffset: 30, content: "offer" },
      ],
      exitOnOrder: true,
      exitOnLeavingSegment: true,
      reentry: true,
    });
  });
});
