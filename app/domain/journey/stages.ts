// The five journey stages (docs/domain.md §5), in the order a customer moves through them.
import type { LifecycleStage } from "../types";

export const JOURNEY_STAGES = ["awareness", "consideration", "purchase", "retention", "advocacy"] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

/** The stage after `stage`, or null for advocacy (the end of the journey). */
export function nextStage(stage: JourneyStage): JourneyStage | null {
  return JOURNEY_STAGES[JOURNEY_STAGES.indexOf(stage) + 1] ?? null;
}

/** Stages with a conversion to a next stage (every stage but advocacy). */
export const CONVERTING_STAGES = ["awareness", "consideration", "purchase", "retention"] as const;
export type ConvertingStage = (typeof CONVERTING_STAGES)[number];

export function isConvertingStage(stage: JourneyStage): stage is ConvertingStage {
  return (CONVERTING_STAGES as readonly string[]).includes(stage);
}

/**
 * Which lifecycle segments a stage's drop-off is about, so the playbook can answer a bottleneck:
 * a weak awareness → consideration or consideration → purchase conversion is lost prospects; a weak
 * purchase → retention conversion is first-time buyers who do not come back (and those who lapsed);
 * a weak retention → advocacy conversion is repeat buyers who never speak for the shop.
 */
export const SEGMENTS_FOR_STAGE: Record<JourneyStage, readonly LifecycleStage[]> = {
  awareness: ["prospect"],
  consideration: ["prospect"],
  purchase: ["new", "dormant"],
  retention: ["regular", "vip"],
  advocacy: ["vip"],
};
