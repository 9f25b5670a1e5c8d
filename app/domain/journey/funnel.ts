// The journey funnel for a period: each stage's volume and its trend against the previous period, each
// step's cohort conversion (cohort-conversion.ts) against its target, the money at stake per step —
// and the bottleneck, the step with the most money at stake (docs/decisions/039-journey-bottleneck-in-money.md).
import { cohortRate, stillOpen, type CohortCount } from "./cohort-conversion";
import { KPI_DEFINITIONS, STAGE_VOLUME, type JourneyTotals, type KpiFormat, type StepCohorts } from "./definitions";
import type { JourneyMap, StepWindows } from "./journey-map";
import type { StepValue } from "./step-value";
import { isConvertingStage, JOURNEY_STAGES, type ConvertingStage, type JourneyStage } from "./stages";

export interface KpiValue {
  id: string;
  format: KpiFormat;
  value: number | null;
  /** The previous period's value; null when undefined or when the previous period has no data. */
  previous: number | null;
}

/** Where a step's target comes from: the merchant's journey map, or the store's own trailing baseline. */
export type TargetSource = "merchant" | "baseline";

export interface StepSummary {
  windowDays: number;
  /** Customers who reached the stage in the period, with an elapsed window, and converted. */
  cohort: CohortCount;
  /** converted ÷ eligible (null when no window has elapsed yet); never above 1. */
  conversion: number | null;
  /** Customers whose window is still running (not counted). */
  stillOpen: number;
  /** The previous period's conversion, when some of its windows have elapsed. */
  previousConversion: number | null;
  /** Difference in conversion (0.05 = 5 percentage points); null when either side is undefined. */
  conversionChange: number | null;
  /** The store's own conversion over the baseline range, and how many days of it the data covers (null when none of its windows elapsed, or under MIN_BASELINE_DAYS of history). */
  baseline: { conversion: number; eligible: number; days: number } | null;
  target: { conversion: number; source: TargetSource } | null;
  /** What a customer who makes the step brings (mean 12-month revenue after it), or null when unknown. */
  value: StepValue | null;
  /** Customers short of the target: max(0, target × eligible − converted); null without a target or conversion. */
  lostCustomers: number | null;
  /** lostCustomers × value, in the shop's currency; null when either is unknown. */
  moneyAtStake: number | null;
}

export interface StageSummary {
  stage: JourneyStage;
  /** The KPI that measures the volume: customers (STAGE_VOLUME), or online store sessions (traffic-measure.ts). */
  volumeKpi: string;
  volume: number;
  previousVolume: number;
  /** (volume − previous) ÷ previous; null when the previous period had none (or no data at all). */
  volumeChange: number | null;
  /** Merchant's volume target scaled to the period's length, or null. */
  targetVolume: number | null;
  /** The step to the next stage (null for advocacy, and for retention → advocacy until advocacy is collected). */
  step: StepSummary | null;
  kpis: KpiValue[];
}

export interface Bottleneck {
  stage: ConvertingStage;
  moneyAtStake: number;
  lostCustomers: number;
  conversion: number;
  target: { conversion: number; source: TargetSource };
  baseline: StepSummary["baseline"];
  value: StepValue;
  cohort: CohortCount;
  windowDays: number;
}

export interface JourneySummary {
  stages: StageSummary[];
  bottleneck: Bottleneck | null;
  /** Whether the store's data covers the whole previous period; without it no comparison is shown. */
  previousHasData: boolean;
}

/** A baseline needs at least this many days of the store's history before the period. */
const MIN_BASELINE_DAYS = 90;

export interface JourneyFigures {
  current: JourneyTotals;
  previous: JourneyTotals;
  cohorts: { current: StepCohorts; previous: StepCohorts; baseline: StepCohorts };
  stepValues: Record<ConvertingStage, StepValue> | null;
  /** The windows the cohorts were counted with (the map's, once the rows are rebuilt after an edit). */
  windows: StepWindows;
  /**
   * Days of the store's history in the period before and the baseline: how much of each the data covers
   * (a store that began mid-way has a partial previous period and a shorter baseline).
   */
  coverage: { previousDays: number; baselineDays: number };
}

const change = (current: number, previous: number): number | null => (previous === 0 ? null : (current - previous) / previous);

function hasData(totals: JourneyTotals, cohorts: StepCohorts): boolean {
  return JOURNEY_STAGES.some((stage) => totals[STAGE_VOLUME[stage]] > 0) || Object.values(cohorts).some((c) => c.reached > 0);
}

/** The baseline range as far as the store's data covers it: a baseline only with MIN_BASELINE_DAYS of history. */
function usableBaseline(count: CohortCount, baselineDays: number): { conversion: number; eligible: number; days: number } | null {
  const conversion = cohortRate(count);
  return conversion === null || baselineDays < MIN_BASELINE_DAYS ? null : { conversion, eligible: count.eligible, days: baselineDays };
}

function summarizeStep(
  cohorts: JourneyFigures["cohorts"],
  stage: ConvertingStage,
  {
    windowDays,
    merchantTarget,
    value,
    previousHasData,
    baselineDays,
  }: { windowDays: number; merchantTarget: number | null; value: StepValue | null; previousHasData: boolean; baselineDays: number },
): StepSummary {
  const cohort = cohorts.current[stage];
  const conversion = cohortRate(cohort);
  const previousConversion = previousHasData ? cohortRate(cohorts.previous[stage]) : null;
  const baseline = usableBaseline(cohorts.baseline[stage], baselineDays);
  const target =
    merchantTarget !== null
      ? { conversion: merchantTarget, source: "merchant" as const }
      : baseline
        ? { conversion: baseline.conversion, source: "baseline" as const }
        : null;
  const lostCustomers = target === null || conversion === null ? null : Math.max(0, target.conversion * cohort.eligible - cohort.converted);
  const usableValue = value && value.customers > 0 ? value : null;
  return {
    windowDays,
    cohort,
    conversion,
    stillOpen: stillOpen(cohort),
    previousConversion,
    conversionChange: conversion === null || previousConversion === null ? null : conversion - previousConversion,
    baseline,
    target,
    value: usableValue,
    lostCustomers,
    moneyAtStake: lostCustomers === null || usableValue === null ? null : lostCustomers * usableValue.value,
  };
}

/**
 * `advocacyCollected`: whether the shop collects reviews or NPS answers at all. Until it does, the
 * conversion into advocacy is unknown, not zero, so it is left out (and cannot be the bottleneck).
 */
export function summarizeJourney(
  figures: JourneyFigures,
  map: JourneyMap,
  periodDays: number,
  { advocacyCollected }: { advocacyCollected: boolean },
): JourneySummary {
  const { current, previous, cohorts, stepValues, windows, coverage } = figures;
  const previousHasData = coverage.previousDays >= periodDays && hasData(previous, cohorts.previous);
  const stages = JOURNEY_STAGES.map((stage): StageSummary => {
    const volume = current[STAGE_VOLUME[stage]];
    const previousVolume = previous[STAGE_VOLUME[stage]];
    const perMonth = map[stage].targetVolumePer30Days;
    const step =
      !isConvertingStage(stage) || (stage === "retention" && !advocacyCollected)
        ? null
        : summarizeStep(cohorts, stage, {
            windowDays: windows[stage],
            merchantTarget: map[stage].targetConversion,
            value: stepValues?.[stage] ?? null,
            previousHasData,
            baselineDays: coverage.baselineDays,
          });
    return {
      stage,
      volumeKpi: STAGE_VOLUME[stage],
      volume,
      previousVolume,
      volumeChange: previousHasData ? change(volume, previousVolume) : null,
      targetVolume: perMonth === null ? null : Math.round((perMonth * periodDays) / 30),
      step,
      kpis: KPI_DEFINITIONS.filter((kpi) => kpi.stage === stage).map((kpi) => ({
        id: kpi.id,
        format: kpi.format,
        value: kpi.compute(current),
        previous: previousHasData ? kpi.compute(previous) : null,
      })),
    };
  });
  return { stages, bottleneck: findBottleneck(stages), previousHasData };
}

/**
 * The step with the most money at stake (customers short of the target × what one brings). Steps
 * without a conversion, a target or a value are not candidates; nor is a step at or above its target.
 * Ties go to the earlier stage: a leak upstream starves every stage after it.
 */
export function findBottleneck(stages: readonly Pick<StageSummary, "stage" | "step">[]): Bottleneck | null {
  let best: Bottleneck | null = null;
  for (const { stage, step } of stages) {
    if (!step || !isConvertingStage(stage) || step.moneyAtStake === null || step.moneyAtStake <= 0) continue;
    if (best && step.moneyAtStake <= best.moneyAtStake) continue;
    best = {
      stage,
      moneyAtStake: step.moneyAtStake,
      lostCustomers: step.lostCustomers!,
      conversion: step.conversion!,
      target: step.target!,
      baseline: step.baseline,
      value: step.value!,
      cohort: step.cohort,
      windowDays: step.windowDays,
    };
  }
  return best;
}
