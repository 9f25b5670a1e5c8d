// The scenarios a merchant starts from: one per lifecycle segment, from the playbook's emphasis
// (docs/domain.md §7: which of brand / product / offer content each segment gets), and the review
// request, which turns the review-delay setting into steps that are sent. Names and step briefs are
// locale keys (scenarios.default.<template>.*), so a default reads in the admin's language until edited.

import type { LifecycleStage } from "../types";
import { DEFAULT_HOLDOUT_SHARE } from "./holdout";
import type { OfferSettings, ScenarioDefinition, ScenarioStepDefinition, ScenarioTemplate } from "./definition";

/** Reminders after the first review request (the review request sends at most three messages). */
const REVIEW_REMINDER_DAYS = [7, 14] as const;
const REVIEW_CONVERSION_WINDOW_DAYS = 30;

const brief = (template: ScenarioTemplate, step: number) => ({ key: `scenarios.default.${template}.step${step}` });
const uniqueCode = (percent: number, expiryDays: number): OfferSettings => ({
  kind: "unique-code",
  value: { type: "percentage", percent },
  expiryDays,
});

type StepPlan = Omit<ScenarioStepDefinition, "brief" | "reviewFormLink">;

interface SegmentPlan {
  entry: ScenarioDefinition["entry"];
  steps: StepPlan[];
  exit: ScenarioDefinition["exit"];
  conversionWindowDays: number;
}

// Timing: a first contact the day of entry, then a week or two apart; the offer comes after the brand
// and product messages had their chance, with a deeper discount the further the customer has drifted
// (the seed's 大きめの割引クーポン for dormant and churned customers).
const SEGMENT_PLANS: Record<LifecycleStage, SegmentPlan> = {
  // Brand + trial offer: a welcome, the story, then a first-purchase coupon.
  prospect: {
    entry: { kind: "segment-transition", to: "prospect" },
    steps: [
      { dayOffset: 0, content: "brand" },
      { dayOffset: 3, content: "brand" },
      { dayOffset: 7, content: "offer", offer: uniqueCode(10, 14) },
    ],
    exit: { onOrder: true, onLeavingSegment: true, onReview: false },
    conversionWindowDays: 30,
  },
  // Brand + product after the first order: thanks, how to use it, what goes with it. A second order ends it.
  new: {
    entry: { kind: "first-order" },
    steps: [
      { dayOffset: 0, content: "brand" },
      { dayOffset: 7, content: "product" },
      { dayOffset: 21, content: "product" },
    ],
    exit: { onOrder: true, onLeavingSegment: false, onReview: false },
    conversionWindowDays: 60,
  },
  // Mostly product: new arrivals and sales, a word about the brand, a small thank-you offer.
  regular: {
    entry: { kind: "segment-transition", to: "regular" },
    steps: [
      { dayOffset: 0, content: "product" },
      { dayOffset: 10, content: "brand" },
      { dayOffset: 21, content: "product" },
      { dayOffset: 35, content: "offer", offer: uniqueCode(5, 14) },
    ],
    exit: { onOrder: true, onLeavingSegment: true, onReview: false },
    conversionWindowDays: 60,
  },
  // Brand + exclusive: VIPs keep ordering, so an order does not end it; leaving the segment does.
  vip: {
    entry: { kind: "segment-transition", to: "vip" },
    steps: [
      { dayOffset: 0, content: "brand" },
      { dayOffset: 10, content: "product" },
      { dayOffset: 30, content: "offer", offer: uniqueCode(10, 30) },
      { dayOffset: 60, content: "brand" },
    ],
    exit: { onOrder: false, onLeavingSegment: true, onReview: false },
    conversionWindowDays: 90,
  },
  // Product + offer: what they liked and best sellers, then a stronger coupon with a deadline.
  dormant: {
    entry: { kind: "segment-transition", to: "dormant" },
    steps: [
      { dayOffset: 0, content: "product" },
      { dayOffset: 7, content: "offer", offer: uniqueCode(15, 14) },
      { dayOffset: 30, content: "product" },
    ],
    exit: { onOrder: true, onLeavingSegment: true, onReview: false },
    conversionWindowDays: 45,
  },
  // Offer: the biggest incentive at once, then what is new and a short "why did you leave".
  churned: {
    entry: { kind: "segment-transition", to: "churned" },
    steps: [
      { dayOffset: 0, content: "offer", offer: uniqueCode(20, 30) },
      { dayOffset: 21, content: "product" },
    ],
    exit: { onOrder: true, onLeavingSegment: true, onReview: false },
    conversionWindowDays: 45,
  },
};

/** The default scenario of a lifecycle segment. */
export function defaultSegmentScenario(segment: LifecycleStage): ScenarioDefinition {
  const plan = SEGMENT_PLANS[segment];
  return {
    template: segment,
    name: { key: `scenarios.default.${segment}.name` },
    entry: plan.entry,
    steps: plan.steps.map((step, index) => ({ ...step, brief: brief(segment, index + 1), reviewFormLink: false })),
    exit: plan.exit,
    reentry: true,
    holdoutShare: DEFAULT_HOLDOUT_SHARE,
    conversionWindowDays: plan.conversionWindowDays,
  };
}

/**
 * The review request: reviewDelayDays after fulfilment (the shop's review-delay setting), a request and
 * up to two reminders, each with the link to the product's review form; a review ends it. Every
 * fulfilled order enters again (re-entry), since each order has its own products to review.
 */
export function reviewRequestScenario(reviewDelayDays: number): ScenarioDefinition {
  const offsets = [0, ...REVIEW_REMINDER_DAYS];
  return {
    template: "review-request",
    name: { key: "scenarios.default.review-request.name" },
    entry: { kind: "days-after-fulfilment", days: reviewDelayDays },
    steps: offsets.map((dayOffset, index) => ({
      dayOffset,
      content: "product",
      brief: brief("review-request", index + 1),
      reviewFormLink: true,
    })),
    exit: { onOrder: false, onLeavingSegment: false, onReview: true },
    reentry: true,
    holdoutShare: DEFAULT_HOLDOUT_SHARE,
    conversionWindowDays: REVIEW_CONVERSION_WINDOW_DAYS,
  };
}

/** Every template a merchant can start from, segments in journey order, then the review request. */
export const DEFAULT_TEMPLATES = [
  "prospect",
  "new",
  "regular",
  "vip",
  "dormant",
  "churned",
  "review-request",
] as const satisfies readonly ScenarioTemplate[];

export function defaultScenario(template: (typeof DEFAULT_TEMPLATES)[number], settings: { reviewDelayDays: number }): ScenarioDefinition {
  return template === "review-request" ? reviewRequestScenario(settings.reviewDelayDays) : defaultSegmentScenario(template);
}
