// The merchant's journey map (カスタマージャーニーマップ): per stage an objective, a call to action and
// KPI targets. Stored as JSON on the shop; texts left null show the defaults of docs/domain.md in the admin's
// language (i18n keys journey.map.<stage>.objective / .callToAction).
import { CONVERTING_STAGES, isConvertingStage, JOURNEY_STAGES, type ConvertingStage, type JourneyStage } from "./stages";

export interface JourneyMapStage {
  objective: string | null;
  callToAction: string | null;
  /** The merchant's target conversion to the next stage, 0–1; null = the store's own baseline (and always for advocacy). */
  targetConversion: number | null;
  /** Days a customer has to reach the next stage (cohort-conversion.ts); null for advocacy. */
  windowDays: number | null;
  /** Target volume per 30 days (customers reaching the stage), or null. */
  targetVolumePer30Days: number | null;
}

export type JourneyMap = Record<JourneyStage, JourneyMapStage>;

/**
 * Default step windows: a new account has 30 days to start a checkout and a first checkout 30 days to
 * become a first order; a first-time buyer has 90 days to order again (the F2 conversion, F2転換率);
 * a repeat buyer 90 days to write a review or answer the NPS question with 9–10.
 */
export const DEFAULT_WINDOW_DAYS: Record<ConvertingStage, number> = { awareness: 30, consideration: 30, purchase: 90, retention: 90 };
const MAX_WINDOW_DAYS = 365;

export type StepWindows = Record<ConvertingStage, number>;

export const DEFAULT_JOURNEY_MAP: JourneyMap = Object.fromEntries(
  JOURNEY_STAGES.map((stage) => [
    stage,
    {
      objective: null,
      callToAction: null,
      targetConversion: null,
      windowDays: isConvertingStage(stage) ? DEFAULT_WINDOW_DAYS[stage] : null,
      targetVolumePer30Days: null,
    },
  ]),
) as JourneyMap;

/** The map's step windows (a missing or unreadable window is the default). */
export function stepWindows(map: JourneyMap): StepWindows {
  return Object.fromEntries(CONVERTING_STAGES.map((stage) => [stage, map[stage].windowDays ?? DEFAULT_WINDOW_DAYS[stage]])) as StepWindows;
}

const MAX_TEXT_LENGTH = 500;

export type JourneyMapError = {
  stage: JourneyStage;
  field: keyof JourneyMapStage;
  problem: "tooLong" | "notAPercent" | "notACount" | "notAWindow";
};

function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function optionalNumber(value: unknown): number | null | typeof NaN {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : NaN;
}

/**
 * Validates a map edited in the admin. Percent targets arrive as 0–100 (form input) and are stored as
 * 0–1 (empty = the store's own baseline); windows are whole days 1–365 (empty = the default); volumes
 * are whole numbers ≥ 0. Returns the map or every problem found.
 */
export function parseJourneyMapInput(
  input: Record<
    JourneyStage,
    {
      objective?: unknown;
      callToAction?: unknown;
      targetConversionPercent?: unknown;
      windowDays?: unknown;
      targetVolumePer30Days?: unknown;
    }
  >,
): { ok: true; map: JourneyMap } | { ok: false; errors: JourneyMapError[] } {
  const errors: JourneyMapError[] = [];
  const map = {} as JourneyMap;
  for (const stage of JOURNEY_STAGES) {
    const raw = input[stage] ?? {};
    const objective = text(raw.objective);
    const callToAction = text(raw.callToAction);
    if (objective && objective.length > MAX_TEXT_LENGTH) errors.push({ stage, field: "objective", problem: "tooLong" });
    if (callToAction && callToAction.length > MAX_TEXT_LENGTH) errors.push({ stage, field: "callToAction", problem: "tooLong" });
    const converting = isConvertingStage(stage);
    const percent = converting ? optionalNumber(raw.targetConversionPercent) : null;
    if (percent !== null && (Number.isNaN(percent) || percent < 0 || percent > 100)) {
      errors.push({ stage, field: "targetConversion", problem: "notAPercent" });
    }
    const window = converting ? optionalNumber(raw.windowDays) : null;
    if (window !== null && (Number.isNaN(window) || !Number.isInteger(window) || window < 1 || window > MAX_WINDOW_DAYS)) {
      errors.push({ stage, field: "windowDays", problem: "notAWindow" });
    }
    const volume = optionalNumber(raw.targetVolumePer30Days);
    if (volume !== null && (Number.isNaN(volume) || volume < 0 || !Number.isInteger(volume))) {
      errors.push({ stage, field: "targetVolumePer30Days", problem: "notACount" });
    }
    map[stage] = {
      objective,
      callToAction,
      targetConversion: percent === null || Number.isNaN(percent) ? null : percent / 100,
      windowDays: converting ? (window === null || Number.isNaN(window) ? DEFAULT_WINDOW_DAYS[stage as ConvertingStage] : window) : null,
      targetVolumePer30Days: volume === null || Number.isNaN(volume) ? null : volume,
    };
  }
  return errors.length ? { ok: false, errors } : { ok: true, map };
}

/** The stored JSON (or null) as a complete map; anything unreadable falls back to the defaults. */
export function readJourneyMap(stored: string | null): JourneyMap {
  if (!stored) return DEFAULT_JOURNEY_MAP;
  try {
    const parsed = JSON.parse(stored) as Partial<Record<JourneyStage, Partial<JourneyMapStage>>>;
    return Object.fromEntries(
      JOURNEY_STAGES.map((stage) => [stage, { ...DEFAULT_JOURNEY_MAP[stage], ...(parsed[stage] ?? {}) }]),
    ) as JourneyMap;
  } catch {
    return DEFAULT_JOURNEY_MAP;
  }
}
