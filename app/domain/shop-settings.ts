// The settings page's rules (pure): validating the merchant's form, and the preview of a change of
// lifecycle rules — how many customers would move from which segment to which.
//
// Decisions:
// - Tag prefix: 2–40 characters, no comma, no spaces at either end, and it must END with one of
//   ":" "-" "_" "/" "." . Tsunagu owns every tag that starts with its prefix, so a prefix like "v"
//   would claim (and remove) a merchant's "vip-list" tag; a separator at the end keeps ours apart.
// - Review delay: whole days from 0 to 365.
// - The preview compares the stages under the CURRENT rules and under the NEW rules, both as of the
//   same instant, so it shows the effect of the settings alone (not of time passed since the last
//   recompute). Every customer is counted once: the moves plus the unchanged add up to all customers.

import { zoneCalendar } from "./calendar";
import { classifyCustomer, computeVipCut, summarizeCustomers, type ClassificationContext, type CustomerSummary } from "./lifecycle";
import { assertValidLifecycleRules, LIFECYCLE_RULES, validateLifecycleRules, type LifecycleRules } from "./lifecycle-rules";
import { countByStage } from "./segment-summary";
import { LIFECYCLE_STAGES, type CustomerHistory, type LifecycleStage } from "./types";

const TAG_PREFIX_SEPARATORS = [":", "-", "_", "/", "."] as const;
const TAG_PREFIX_MAX_LENGTH = 40;
const MAX_REVIEW_DELAY_DAYS = 365;

export type SettingsField =
  "dormantAfterDays" | "churnedAfterDays" | "vipRule" | "vipTopPercent" | "vipMinSpend" | "tagPrefix" | "reviewDelayDays";

export interface SettingsFieldError {
  field: SettingsField;
  /** machine-readable; the UI maps it to a message in the admin's language */
  code: string;
}

export interface SettingsForm {
  dormantAfterDays: number;
  churnedAfterDays: number;
  vipTopPercent: number;
  vipMinSpend: number | null;
  tagPrefix: string;
  taggingEnabled: boolean;
  atRiskTagEnabled: boolean;
  needsCareTagEnabled: boolean;
  reviewDelayDays: number;
}

export type SettingsValidation = { ok: true; settings: SettingsForm } | { ok: false; errors: SettingsFieldError[] };

/** The raw form as posted (strings; a checkbox is "on" or absent). */
export type RawSettingsForm = Partial<Record<keyof SettingsForm | "vipRule", string | null>>;

export function validateTagPrefix(prefix: string): string | null {
  if (prefix.trim() === "") return "required";
  if (prefix !== prefix.trim()) return "surrounding-spaces";
  if (prefix.includes(",")) return "comma";
  if (prefix.length < 2 || prefix.length > TAG_PREFIX_MAX_LENGTH) return "length";
  if (!TAG_PREFIX_SEPARATORS.some((s) => prefix.endsWith(s))) return "no-separator";
  return null;
}

/** "120" → 120; "" or "12.5" or "abc" → NaN (so the rules report it). */
function wholeNumber(text: string | null | undefined): number {
  const trimmed = (text ?? "").trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function decimal(text: string | null | undefined): number {
  const trimmed = (text ?? "").trim().replace(/,/g, "");
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const RULE_FIELD_CODES: Record<string, SettingsField> = {
  dormantAfterDays: "dormantAfterDays",
  churnedAfterDays: "churnedAfterDays",
  vipTopPercent: "vipTopPercent",
  vipMinSpend: "vipMinSpend",
};

/** Every error at once, each on its field. The VIP rule is either "top" (percent) or "min-spend". */
export function validateSettingsForm(raw: RawSettingsForm): SettingsValidation {
  const errors: SettingsFieldError[] = [];
  const vipRule = raw.vipRule ?? "top";
  if (vipRule !== "top" && vipRule !== "min-spend") errors.push({ field: "vipRule", code: "invalid" });
  const vipMinSpend = vipRule === "min-spend" ? decimal(raw.vipMinSpend) : null;
  const vipTopPercent = decimal(raw.vipTopPercent);
  const rules = validateLifecycleRules({
    dormantAfterDays: wholeNumber(raw.dormantAfterDays),
    churnedAfterDays: wholeNumber(raw.churnedAfterDays),
    // With a minimum spend the percent is unused (hidden in the form): keep it when valid, else the default.
    vipTopPercent: vipRule === "top" || (vipTopPercent > 0 && vipTopPercent <= 100) ? vipTopPercent : LIFECYCLE_RULES.vipTopPercent,
    vipMinSpend,
  });
  if (!rules.ok) {
    for (const error of rules.errors) {
      const field = RULE_FIELD_CODES[error.field];
      if (field && !errors.some((e) => e.field === field)) errors.push({ field, code: error.code });
    }
  }
  const tagPrefix = raw.tagPrefix ?? "";
  const prefixError = validateTagPrefix(tagPrefix);
  if (prefixError) errors.push({ field: "tagPrefix", code: prefixError });
  const reviewDelayDays = wholeNumber(raw.reviewDelayDays);
  if (!(reviewDelayDays >= 0 && reviewDelayDays <= MAX_REVIEW_DELAY_DAYS)) errors.push({ field: "reviewDelayDays", code: "invalid-days" });

  if (errors.length > 0 || !rules.ok) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      dormantAfterDays: rules.rules.dormantAfterDays,
      churnedAfterDays: rules.rules.churnedAfterDays,
      vipTopPercent: rules.rules.vipTopPercent,
      vipMinSpend: rules.rules.vipMinSpend,
      tagPrefix,
      taggingEnabled: raw.taggingEnabled === "on",
      atRiskTagEnabled: raw.atRiskTagEnabled === "on",
      needsCareTagEnabled: raw.needsCareTagEnabled === "on",
      reviewDelayDays,
    },
  };
}

export interface StageMove {
  from: LifecycleStage;
  to: LifecycleStage;
  customers: number;
}

export interface RulesChangePreview {
  /** customers who would change segment, largest groups first (then in stage order) */
  moves: StageMove[];
  movedCustomers: number;
  unchangedCustomers: number;
  before: Record<LifecycleStage, number>;
  after: Record<LifecycleStage, number>;
}

/** How many customers would move from which segment to which if `after` replaced `before`. */
export function previewRulesChange(
  histories: readonly CustomerHistory[],
  before: LifecycleRules,
  after: LifecycleRules,
  ctx: ClassificationContext,
): RulesChangePreview {
  return previewRulesChangeOf(summarizeCustomers(histories, before, ctx), before, after);
}

/** What is stored per customer by the last classification (app/models/customer.server.ts StoredSegment). */
export interface StoredTotals {
  customerId: string;
  ordersCount: number;
  netSpent: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

/**
 * Customers' summaries as of ctx.asOf from their stored totals, with the spend in the VIP window from
 * `recent`: the histories of their orders from at least the window's start on (any earlier orders in
 * them are not counted, so a wider read is fine).
 */
export function summariesOfStoredTotals(
  stored: Iterable<StoredTotals>,
  recent: readonly CustomerHistory[],
  rules: Pick<LifecycleRules, "vipSpendWindowDays">,
  ctx: ClassificationContext,
): CustomerSummary[] {
  const windowSpend = new Map(summarizeCustomers(recent, rules, ctx).map((s) => [s.customerId, s.netSpentInWindow]));
  const calendar = zoneCalendar(ctx.timeZone);
  const asOfDay = calendar.localDay(ctx.asOf.getTime());
  return Array.from(stored, (t) => ({
    customerId: t.customerId,
    orders: t.ordersCount,
    firstOrderAt: t.firstOrderAt,
    lastOrderAt: t.lastOrderAt,
    netSpent: t.netSpent,
    netSpentInWindow: windowSpend.get(t.customerId) ?? 0,
    daysSinceLastOrder: t.lastOrderAt === null ? null : asOfDay - calendar.localDay(t.lastOrderAt.getTime()),
  }));
}

/**
 * The same from the customers' summaries as of one instant (e.g. the stored per-customer totals),
 * without reading every order: the rules the form changes (thresholds, VIP rule) classify from the
 * summary alone. Both rule sets must count spend over the same VIP window (the form does not change it).
 */
export function previewRulesChangeOf(
  summaries: readonly CustomerSummary[],
  before: LifecycleRules,
  after: LifecycleRules,
): RulesChangePreview {
  if (before.vipSpendWindowDays !== after.vipSpendWindowDays)
    throw new RangeError("The preview needs one VIP spend window for both rule sets.");
  const classify = (rules: LifecycleRules) => {
    const valid = assertValidLifecycleRules(rules);
    const vipCut = computeVipCut(summaries, valid);
    return new Map(summaries.map((s) => [s.customerId, classifyCustomer(s, valid, vipCut)]));
  };
  const was = classify(before);
  const will = classify(after);
  const counts = new Map<string, number>();
  let unchangedCustomers = 0;
  for (const [customerId, now] of was) {
    const next = will.get(customerId)!;
    if (next.stage === now.stage) unchangedCustomers += 1;
    else counts.set(`${now.stage}>${next.stage}`, (counts.get(`${now.stage}>${next.stage}`) ?? 0) + 1);
  }
  const order = (stage: LifecycleStage) => LIFECYCLE_STAGES.indexOf(stage);
  const moves = [...counts].map(([key, customers]) => {
    const [from, to] = key.split(">") as [LifecycleStage, LifecycleStage];
    return { from, to, customers };
  });
  moves.sort((a, b) => b.customers - a.customers || order(a.from) - order(b.from) || order(a.to) - order(b.to));
  return {
    moves,
    movedCustomers: moves.reduce((sum, m) => sum + m.customers, 0),
    unchangedCustomers,
    before: countByStage(was.values()),
    after: countByStage(will.values()),
  };
}
