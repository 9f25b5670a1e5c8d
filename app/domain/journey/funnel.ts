// The journey funnel for a period: each stage's volume, its conversion to the next stage, the trend
// against the previous period and the merchant's targets — and the bottleneck.
import { KPI_DEFINITIONS, STAGE_VOLUME, stageConversion, type JourneyTotals, type KpiFormat } from "./definitions";
import type { JourneyMap } from "./journey-map";
import { JOURNEY_STAGES, nextStage, type JourneyStage } from "./stages";

export interface KpiValue {
  id: string;
  format: KpiFormat;
  value: number | null;
  previous: number | null;
}

export interface StageSummary {
  stage: JourneyStage;
  volume: number;
  previousVolume: number;
  /** (volume − previous) ÷ previous; null when the previous period had none. */
  volumeChange: number | null;
  /** Merchant's volume target scaled to the period's length, or null. */
  targetVolume: number | null;
  /** Conversion to the next stage (null for advocacy or when this stage's volume is 0). */
  conversion: number | null;
  previousConversion: number | null;
  /** Difference in conversion (0.05 = 5 percentage points); null when either side is undefined. */
  conversionChange: number | null;
  targetConversion: number | null;
  kpis: KpiValue[];
}

export type BottleneckReason = "belowTarget" | "belowBaseline";

export interface Bottleneck {
  stage: JourneyStage;
  reason: BottleneckReason;
  conversion: number;
  /** The target (belowTarget) or the previous period's conversion (belowBaseline). */
  reference: number;
  /** conversion ÷ reference − 1 (negative: how far below, relatively). */
  shortfall: number;
}

export interface JourneySummary {
  stages: StageSummary[];
  bottleneck: Bottleneck | null;
}

const change = (current: number, previous: number): number | null => (previous === 0 ? null : (current - previous) / previous);

/**
 * `advocacyCollected`: whether the shop collects reviews or NPS answers at all. Until it does, the
 * conversion into advocacy is unknown, not zero, so it is left out (and cannot be the bottleneck).
 */
export function summarizeJourney(
  current: JourneyTotals,
  previous: JourneyTotals,
  map: JourneyMap,
  periodDays: number,
  { advocacyCollected }: { advocacyCollected: boolean },
): JourneySummary {
  const conversionOf = (stage: JourneyStage, totals: JourneyTotals) =>
    nextStage(stage) === "advocacy" && !advocacyCollected ? null : stageConversion(stage, totals);
  const stages = JOURNEY_STAGES.map((stage): StageSummary => {
    const volume = current[STAGE_VOLUME[stage]];
    const previousVolume = previous[STAGE_VOLUME[stage]];
    const conversion = conversionOf(stage, current);
    const previousConversion = conversionOf(stage, previous);
    const perMonth = map[stage].targetVolumePer30Days;
    return {
      stage,
      volume,
      previousVolume,
      volumeChange: change(volume, previousVolume),
      targetVolume: perMonth === null ? null : Math.round((perMonth * periodDays) / 30),
      conversion,
      previousConversion,
      conversionChange: conversion === null || previousConversion === null ? null : conversion - previousConversion,
      targetConversion: map[stage].targetConversion,
      kpis: KPI_DEFINITIONS.filter((kpi) => kpi.stage === stage).map((kpi) => ({
        id: kpi.id,
        format: kpi.format,
        value: kpi.compute(current),
        previous: kpi.compute(previous),
      })),
    };
  });
  return { stages, bottleneck: findBottleneck(stages) };
}

/**
 * The stage whose conversion to the next is furthest below its target, relatively (a 10 % conversion
 * against a 20 % target is −50 %). When every conversion meets its target, the one furthest below its
 * own previous period instead. Ties go to the earlier stage: a leak upstream starves every stage after it.
 * Stages without a conversion (no volume) or without a reference are not candidates.
 */
export function findBottleneck(
  stages: readonly Pick<StageSummary, "stage" | "conversion" | "targetConversion" | "previousConversion">[],
): Bottleneck | null {
  const pick = (reason: BottleneckReason, referenceOf: (s: (typeof stages)[number]) => number | null): Bottleneck | null => {
    let best: Bottleneck | null = null;
    for (const s of stages) {
      const reference = referenceOf(s);
      if (s.conversion === null || reference === null || reference <= 0 || s.conversion >= reference) continue;
      const shortfall = s.conversion / reference - 1;
      // Strictly lower only: on a tie the earlier stage (met first) stays.
      if (!best || shortfall < best.shortfall - 1e-12) best = { stage: s.stage, reason, conversion: s.conversion, reference, shortfall };
    }
    return best;
  };
  return pick("belowTarget", (s) => s.targetConversion) ?? pick("belowBaseline", (s) => s.previousConversion);
}
