// The merchant's journey map (カスタマージャーニーマップ): per stage an objective, a call to action and
// KPI targets. Stored as JSON on the shop; texts left null show the defaults of docs/domain.md in the admin's
// language (i18n keys journey.map.<stage>.objective / .callToAction).
import { JOURNEY_STAGES, nextStage, type JourneyStage } from "./stages";

export interface JourneyMapStage {
  objective: string | null;
  callToAction: string | null;
  /** Target conversion to the next stage, 0–1 (null for advocacy, or when the merchant sets none). */
  targetConversion: number | null;
  /** Target volume per 30 days (customers reaching the stage), or null. */
  targetVolumePer30Days: number | null;
}

export type JourneyMap = Record<JourneyStage, JourneyMapStage>;

/**
 * Default conversion targets, from common e-commerce benchmarks: about a third of new accounts start
 * a checkout, roughly 30 % of first checkouts complete (cart abandonment runs near 70 %), about a
 * quarter of first-time buyers come back, and one repeat buyer in five leaves a review.
 */
export const DEFAULT_TARGET_CONVERSION: Record<JourneyStage, number | null> = {
  awareness: 0.35,
  consideration: 0.3,
  purchase: 0.25,
  retention: 0.2,
  advocacy: null,
};

export const DEFAULT_JOURNEY_MAP: JourneyMap = Object.fromEntries(
  JOURNEY_STAGES.map((stage) => [
    stage,
    { objective: null, callToAction: null, targetConversion: DEFAULT_TARGET_CONVERSION[stage], targetVolumePer30Days: null },
  ]),
) as JourneyMap;

export const MAX_TEXT_LENGTH = 500;

export type JourneyMapError = { stage: JourneyStage; field: keyof JourneyMapStage; problem: "tooLong" | "notAPercent" | "notACount" };

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
 * 0–1; volumes are whole numbers ≥ 0. Returns the map or every problem found.
 */
export function parseJourneyMapInput(
  input: Record<JourneyStage, { objective?: unknown; callToAction?: unknown; targetConversionPercent?: unknown; targetVolumePer30Days?: unknown }>,
): { ok: true; map: JourneyMap } | { ok: false; errors: JourneyMapError[] } {
  const errors: JourneyMapError[] = [];
  const map = {} as JourneyMap;
  for (const stage of JOURNEY_STAGES) {
    const raw = input[stage] ?? {};
    const objective = text(raw.objective);
    const callToAction = text(raw.callToAction);
    if (objective && objective.length > MAX_TEXT_LENGTH) errors.push({ stage, field: "objective", problem: "tooLong" });
    if (callToAction && callToAction.length > MAX_TEXT_LENGTH) errors.push({ stage, field: "callToAction", problem: "tooLong" });
    const percent = nextStage(stage) ? optionalNumber(raw.targetConversionPercent) : null;
    if (percent !== null && (Number.isNaN(percent) || percent < 0 || percent > 100)) {
      errors.push({ stage, field: "targetConversion", problem: "notAPercent" });
    }
    const volume = optionalNumber(raw.targetVolumePer30Days);
    if (volume !== null && (Number.isNaN(volume) || volume < 0 || !Number.isInteger(volume))) {
      errors.push({ stage, field: "targetVolumePer30Days", problem: "notACount" });
    }
    map[stage] = {
      objective,
      callToAction,
      targetConversion: percent === null || Number.isNaN(percent) ? null : percent / 100,
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
