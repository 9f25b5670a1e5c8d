// A scenario as the merchant defines it (who, when, what — docs/domain.md §7): the entry, timed steps
// with a content kind and, for offers, the discount to create, the exit, re-entry and the holdout share.
// Stored as JSON on the scenario; validated here, the one place that says what a valid scenario is.
// The scheduling core (schedule.ts) works on the timing part, which schedulingRules extracts.
//
// Copy (the scenario's name, each step's brief) is either a locale key, so a default scenario reads in
// the admin's language, or the merchant's own text once they edit it.

import { z } from "zod";
import { LIFECYCLE_STAGES } from "../types";
import { DEFAULT_HOLDOUT_SHARE } from "./holdout";
import type { ScenarioDefinition as SchedulingRules } from "./schedule";

export const MAX_STEPS = 8;
const MAX_DAY_OFFSET = 365;
const MAX_HOLDOUT_SHARE = 0.5;
const MAX_TEXT_LENGTH = 200;
const DEFAULT_CONVERSION_WINDOW_DAYS = 30;

/** Codes the editor translates (scenarios.error.<code>); the path says which field. */
export type ScenarioErrorCode =
  | "invalid"
  | "notWhole"
  | "outOfRange"
  | "tooLong"
  | "empty"
  | "noSteps"
  | "tooManySteps"
  | "stepsNotInOrder"
  | "offerMissing"
  | "offerOnlyOnOfferSteps"
  | "reviewLinkNeedsFulfilment"
  | "leavingSegmentNeedsSegmentEntry"
  | "reviewExitNeedsOrderEntry"
  | "f2ReminderAfterClose";

export interface ScenarioError {
  /** Dotted path of the field, e.g. "steps.2.offer.value.percent"; "" for the whole scenario. */
  path: string;
  code: ScenarioErrorCode;
}

const wholeNumber = (min: number, max: number) => z.number("invalid").int("notWhole").min(min, "outOfRange").max(max, "outOfRange");
const segment = z.enum(LIFECYCLE_STAGES, "invalid");

const copySchema = z.union(
  [
    z.object({ key: z.string().regex(/^scenarios\.[\w.-]+$/, "invalid") }).strict(),
    z.object({ text: z.string().trim().min(1, "empty").max(MAX_TEXT_LENGTH, "tooLong") }).strict(),
  ],
  "invalid",
);
/** A locale key (defaults) or the merchant's text. */
export type Copy = z.infer<typeof copySchema>;

const entrySchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("segment-transition"), to: segment }).strict(),
    z.object({ kind: z.literal("first-order") }).strict(),
    z.object({ kind: z.literal("nth-order"), n: wholeNumber(2, 100) }).strict(),
    z.object({ kind: z.literal("days-after-fulfilment"), days: wholeNumber(0, MAX_DAY_OFFSET) }).strict(),
    z.object({ kind: z.literal("at-risk") }).strict(),
    /** The F2 window (days after the first order in which a second order counts) closes in daysBefore days. */
    z.object({ kind: z.literal("f2-window-closing"), windowDays: wholeNumber(1, 730), daysBefore: wholeNumber(0, 729) }).strict(),
  ],
  "invalid",
);
export type ScenarioEntry = z.infer<typeof entrySchema>;
export type EntryKind = ScenarioEntry["kind"];
export const ENTRY_KINDS: readonly EntryKind[] = [
  "segment-transition",
  "first-order",
  "nth-order",
  "days-after-fulfilment",
  "at-risk",
  "f2-window-closing",
];

const offerValueSchema = z.discriminatedUnion(
  "type",
  [
    /** Whole percent off the order, 1–100. */
    z.object({ type: z.literal("percentage"), percent: wholeNumber(1, 100) }).strict(),
    /** An amount off the order in the shop's currency (major units). */
    z.object({ type: z.literal("amount"), amount: z.number("invalid").positive("outOfRange").max(1_000_000, "outOfRange") }).strict(),
  ],
  "invalid",
);

const offerSchema = z.discriminatedUnion(
  "kind",
  [
    /** A single-use code limited to the one customer, valid expiryDays after the step fires. */
    z.object({ kind: z.literal("unique-code"), value: offerValueSchema, expiryDays: wholeNumber(1, 365) }).strict(),
    /** One code for the scenario's step limited to a segment, valid expiryDays after it is created. */
    z.object({ kind: z.literal("segment-code"), segment, value: offerValueSchema, expiryDays: wholeNumber(1, 365) }).strict(),
  ],
  "invalid",
);
export type OfferSettings = z.infer<typeof offerSchema>;

const stepSchema = z
  .object({
    dayOffset: wholeNumber(0, MAX_DAY_OFFSET),
    content: z.enum(["brand", "product", "offer"], "invalid"),
    /** Local wall-clock time "HH:MM" in the shop's zone (the scheduling core's default 09:00 when absent). */
    localTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "invalid")
      .optional(),
    /** What the message is about: the brief the merchant's Flow or Shopify Email template works from. */
    brief: copySchema,
    offer: offerSchema.optional(),
    /** The step carries a link to the review form of the product the customer received. */
    reviewFormLink: z.boolean("invalid").default(false),
  })
  .strict();
export type ScenarioStepDefinition = z.infer<typeof stepSchema>;

const exitSchema = z
  .object({
    onOrder: z.boolean("invalid"),
    onLeavingSegment: z.boolean("invalid"),
    onReview: z.boolean("invalid"),
  })
  .strict();

/** Where a scenario came from: a segment's default, the review request, or the merchant's own. */
const templateSchema = z.union([segment, z.literal("review-request"), z.literal("custom")], "invalid");
export type ScenarioTemplate = z.infer<typeof templateSchema>;

const definitionSchema = z
  .object({
    template: templateSchema,
    name: copySchema,
    entry: entrySchema,
    steps: z.array(stepSchema, "invalid").min(1, "noSteps").max(MAX_STEPS, "tooManySteps"),
    exit: exitSchema,
    reentry: z.boolean("invalid"),
    /** Share of entrants in the holdout, who receive nothing (0–0.5). */
    holdoutShare: z.number("invalid").min(0, "outOfRange").max(MAX_HOLDOUT_SHARE, "outOfRange").default(DEFAULT_HOLDOUT_SHARE),
    /** Days after entry in which an order counts as a conversion. */
    conversionWindowDays: wholeNumber(1, MAX_DAY_OFFSET).default(DEFAULT_CONVERSION_WINDOW_DAYS),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    const fail = (path: (string | number)[], code: ScenarioErrorCode) => ctx.addIssue({ code: "custom", path, message: code });
    scenario.steps.forEach((step, index) => {
      if (index > 0 && step.dayOffset <= scenario.steps[index - 1].dayOffset) fail(["steps", index, "dayOffset"], "stepsNotInOrder");
      if (step.content === "offer" && !step.offer) fail(["steps", index, "offer"], "offerMissing");
      if (step.content !== "offer" && step.offer) fail(["steps", index, "offer"], "offerOnlyOnOfferSteps");
      if (step.reviewFormLink && scenario.entry.kind !== "days-after-fulfilment")
        fail(["steps", index, "reviewFormLink"], "reviewLinkNeedsFulfilment");
    });
    if (scenario.exit.onLeavingSegment && scenario.entry.kind !== "segment-transition")
      fail(["exit", "onLeavingSegment"], "leavingSegmentNeedsSegmentEntry");
    if (scenario.exit.onReview && !["first-order", "nth-order", "days-after-fulfilment"].includes(scenario.entry.kind))
      fail(["exit", "onReview"], "reviewExitNeedsOrderEntry");
    if (scenario.entry.kind === "f2-window-closing" && scenario.entry.daysBefore >= scenario.entry.windowDays)
      fail(["entry", "daysBefore"], "f2ReminderAfterClose");
  });

/** A valid scenario definition (what parseScenarioDefinition returns). */
export type ScenarioDefinition = z.output<typeof definitionSchema>;
/** What the editor may send: defaults (holdout share, conversion window, review link) may be left out. */
export type ScenarioDefinitionInput = z.input<typeof definitionSchema>;

const KNOWN_CODES = new Set<string>([
  "invalid",
  "notWhole",
  "outOfRange",
  "tooLong",
  "empty",
  "noSteps",
  "tooManySteps",
  "stepsNotInOrder",
  "offerMissing",
  "offerOnlyOnOfferSteps",
  "reviewLinkNeedsFulfilment",
  "leavingSegmentNeedsSegmentEntry",
  "reviewExitNeedsOrderEntry",
  "f2ReminderAfterClose",
] satisfies ScenarioErrorCode[]);

/** Validates a scenario from the editor or from storage; every problem is reported with its field. */
export function parseScenarioDefinition(
  input: unknown,
): { ok: true; definition: ScenarioDefinition } | { ok: false; errors: ScenarioError[] } {
  const parsed = definitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  const errors = parsed.error.issues.map((issue) => ({
    path: issue.path.join("."),
    // Zod's own messages (a wrong type, an unknown key) are "invalid"; ours are the codes above.
    code: (KNOWN_CODES.has(issue.message) ? issue.message : "invalid") as ScenarioErrorCode,
  }));
  return { ok: false, errors };
}

/** The timing part the scheduling core evaluates (entries, due steps, exits on order or segment). */
export function schedulingRules(id: string, definition: ScenarioDefinition): SchedulingRules {
  return {
    id,
    entry: definition.entry,
    steps: definition.steps.map(({ dayOffset, content, localTime }) =>
      localTime ? { dayOffset, content, localTime } : { dayOffset, content },
    ),
    exitOnOrder: definition.exit.onOrder,
    exitOnLeavingSegment: definition.exit.onLeavingSegment,
    reentry: definition.reentry,
  };
}
