// The lifecycle thresholds of docs/domain.md §2 as one data table, plus their validation.
// Every value is a per-shop setting; these are the defaults.

export interface LifecycleRules {
  /** A buyer whose last qualifying order is MORE than this many calendar days ago is dormant. */
  dormantAfterDays: number;
  /** A buyer whose last qualifying order is MORE than this many calendar days ago is churned. */
  churnedAfterDays: number;
  /**
   * VIP = active repeat buyers whose net spend in the window is in the top `vipTopPercent` % of the
   * shop's active repeat buyers. In (0, 100].
   */
  vipTopPercent: number;
  /**
   * When set (> 0), REPLACES the percentile rule: an active repeat buyer is VIP when their net spend in
   * the window is >= vipMinSpend (shop currency, major units). null = use vipTopPercent.
   */
  vipMinSpend: number | null;
  /** The spend window for the VIP rule: orders placed at most this many calendar days before as-of. */
  vipSpendWindowDays: number;
}

export const LIFECYCLE_RULES: Readonly<LifecycleRules> = Object.freeze({
  dormantAfterDays: 120,
  churnedAfterDays: 365,
  vipTopPercent: 20,
  vipMinSpend: null,
  vipSpendWindowDays: 365,
});

/** A sanity ceiling for every day threshold (100 years). */
export const MAX_THRESHOLD_DAYS = 36_500;

export type LifecycleRuleField = keyof LifecycleRules;

export interface LifecycleRuleError {
  /** the offending field, or "rules" when the input is not an object */
  field: LifecycleRuleField | "rules";
  /** machine-readable, e.g. "not-an-integer", "churned-not-after-dormant" */
  code: string;
  /** plain English, for logs and as a fallback in the UI */
  message: string;
}

export type LifecycleRulesValidation = { ok: true; rules: LifecycleRules } | { ok: false; errors: LifecycleRuleError[] };

const FIELDS: readonly LifecycleRuleField[] = [
  "dormantAfterDays",
  "churnedAfterDays",
  "vipTopPercent",
  "vipMinSpend",
  "vipSpendWindowDays",
];

function isWholeDays(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_THRESHOLD_DAYS;
}

function daysError(field: LifecycleRuleField, value: unknown): LifecycleRuleError {
  return {
    field,
    code: "invalid-days",
    message: `${field} must be a whole number of days from 1 to ${MAX_THRESHOLD_DAYS}, got ${JSON.stringify(value)}.`,
  };
}

/**
 * Validates merchant input. Missing (undefined) fields take the defaults of LIFECYCLE_RULES, so a
 * partial settings form validates; unknown fields are reported unless `allowUnknownFields` (e.g. a
 * database row with extra columns). Returns every error at once.
 */
export function validateLifecycleRules(
  input: unknown,
  { allowUnknownFields = false }: { allowUnknownFields?: boolean } = {},
): LifecycleRulesValidation {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, errors: [{ field: "rules", code: "not-an-object", message: "Lifecycle rules must be an object." }] };
  }
  const raw = input as Record<string, unknown>;
  const errors: LifecycleRuleError[] = [];
  for (const key of allowUnknownFields ? [] : Object.keys(raw)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      errors.push({ field: "rules", code: "unknown-field", message: `Unknown lifecycle rule "${key}".` });
    }
  }
  const pick = <K extends LifecycleRuleField>(key: K): unknown => (raw[key] === undefined ? LIFECYCLE_RULES[key] : raw[key]);

  const dormantAfterDays = pick("dormantAfterDays");
  const churnedAfterDays = pick("churnedAfterDays");
  const vipTopPercent = pick("vipTopPercent");
  const vipMinSpend = pick("vipMinSpend");
  const vipSpendWindowDays = pick("vipSpendWindowDays");

  if (!isWholeDays(dormantAfterDays)) errors.push(daysError("dormantAfterDays", dormantAfterDays));
  if (!isWholeDays(churnedAfterDays)) errors.push(daysError("churnedAfterDays", churnedAfterDays));
  if (isWholeDays(dormantAfterDays) && isWholeDays(churnedAfterDays) && churnedAfterDays <= dormantAfterDays) {
    errors.push({
      field: "churnedAfterDays",
      code: "churned-not-after-dormant",
      message: `churnedAfterDays (${churnedAfterDays}) must be greater than dormantAfterDays (${dormantAfterDays}).`,
    });
  }
  if (typeof vipTopPercent !== "number" || !Number.isFinite(vipTopPercent) || vipTopPercent <= 0 || vipTopPercent > 100) {
    errors.push({
      field: "vipTopPercent",
      code: "invalid-percent",
      message: `vipTopPercent must be a number greater than 0 and at most 100, got ${JSON.stringify(vipTopPercent)}.`,
    });
  }
  if (vipMinSpend !== null && (typeof vipMinSpend !== "number" || !Number.isFinite(vipMinSpend) || vipMinSpend <= 0)) {
    errors.push({
      field: "vipMinSpend",
      code: "invalid-amount",
      message: `vipMinSpend must be null (use vipTopPercent) or an amount greater than 0, got ${JSON.stringify(vipMinSpend)}.`,
    });
  }
  if (!isWholeDays(vipSpendWindowDays)) errors.push(daysError("vipSpendWindowDays", vipSpendWindowDays));

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    rules: {
      dormantAfterDays: dormantAfterDays as number,
      churnedAfterDays: churnedAfterDays as number,
      vipTopPercent: vipTopPercent as number,
      vipMinSpend: vipMinSpend as number | null,
      vipSpendWindowDays: vipSpendWindowDays as number,
    },
  };
}

/**
 * Like validateLifecycleRules (unknown fields allowed) but throws: for code paths where invalid rules
 * are a programming error. Returns a clean copy holding only the rule fields.
 */
export function assertValidLifecycleRules(input: unknown): LifecycleRules {
  const result = validateLifecycleRules(input, { allowUnknownFields: true });
  if (!result.ok) {
    throw new RangeError(`Invalid lifecycle rules: ${result.errors.map((e) => e.message).join(" ")}`);
  }
  return result.rules;
}
