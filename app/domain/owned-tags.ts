// Customer tags that Tsunagu owns (docs/domain.md §2): the segment is written back as `${prefix}${stage}`,
// e.g. "tsunagu:vip". Tsunagu only ever adds or removes tags with its own prefix (or a previous prefix
// being migrated away from); every other tag belongs to the merchant and is never touched.
//
// Decisions:
// - Comparison is case-insensitive and ignores surrounding spaces ("Tsunagu:VIP " = "tsunagu:vip"): the
//   Shopify admin and segment filters treat tags that differ only in case as the same tag, so a tag a
//   merchant retyped as "Tsunagu:VIP" already satisfies "tsunagu:vip" and is left alone (no churn of
//   remove + add on every run). The same rule decides ownership: "TSUNAGU:old" is ours.
// - Limits (Admin API 2026-10 schema, Customer.tags): a customer can have up to 250 tags of up to 255
//   characters. If adding our tags would exceed 250, the plan adds only as many as fit (in the order
//   given) and reports `blockedByTagLimit: true` with the rest in `blocked`. It NEVER removes a merchant
//   tag to make room; it still removes our own stale tags (which frees room).
// - Tags cannot contain commas (tagsAdd also accepts a comma-separated string) and cannot be empty; our
//   desired tags must start with the current prefix. Violations are programming errors and throw.
// - Idempotent: applying a plan and planning again yields an empty plan (or, when blocked, a plan that
//   changes nothing).

import type { LifecycleStage } from "./types";

export const DEFAULT_TAG_PREFIX = "tsunagu:";
export const SHOPIFY_CUSTOMER_TAG_LIMIT = 250;
const SHOPIFY_TAG_MAX_LENGTH = 255;

export interface TagPlanOptions {
  /** Our prefix; default "tsunagu:". */
  prefix?: string;
  /** Prefixes we used before (e.g. after the merchant changed it); their tags are removed. */
  previousPrefixes?: readonly string[];
  /** Maximum number of tags on a customer; default 250. */
  tagLimit?: number;
}

export interface TagPlan {
  /** tags to add with tagsAdd, as we spell them */
  add: string[];
  /** tags to remove with tagsRemove, exactly as the customer has them */
  remove: string[];
  /** true when some desired tags could not be added without exceeding the tag limit */
  blockedByTagLimit: boolean;
  /** the desired tags left out because of the limit */
  blocked: string[];
}

/** "Tsunagu:VIP " -> "tsunagu:vip": the identity of a tag for comparison. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/** The tag for a lifecycle stage, e.g. stageTag("vip") = "tsunagu:vip". */
export function stageTag(stage: LifecycleStage, prefix: string = DEFAULT_TAG_PREFIX): string {
  return `${prefix}${stage}`;
}

/**
 * The optional tag for an active customer the CLV model thinks has likely lapsed (predict-shop.ts),
 * e.g. "tsunagu:at-risk". Not a stage name, so it never collides with stageTag.
 */
export function atRiskTag(prefix: string = DEFAULT_TAG_PREFIX): string {
  return `${prefix}at-risk`;
}

/** Our desired tags for a customer: the stage tag, plus the at-risk tag when enabled and flagged. */
export function desiredOwnedTags(
  stage: LifecycleStage,
  {
    prefix = DEFAULT_TAG_PREFIX,
    atRisk = false,
    atRiskTagEnabled = false,
  }: { prefix?: string; atRisk?: boolean; atRiskTagEnabled?: boolean } = {},
): string[] {
  return atRisk && atRiskTagEnabled ? [stageTag(stage, prefix), atRiskTag(prefix)] : [stageTag(stage, prefix)];
}

function checkPrefix(prefix: string): string {
  const normalized = normalizeTag(prefix);
  if (normalized === "") throw new RangeError("A tag prefix cannot be empty: Tsunagu would own every tag.");
  if (prefix.includes(",")) throw new RangeError(`A tag prefix cannot contain a comma: "${prefix}".`);
  return normalized;
}

/** Whether a tag starts with one of the (normalised) prefixes. */
export function isOwnedTag(tag: string, prefixes: readonly string[]): boolean {
  const normalized = normalizeTag(tag);
  return prefixes.some((prefix) => normalized.startsWith(normalizeTag(prefix)));
}

/** The add/remove plan that makes a customer's owned tags equal `desiredOwnedTags`. */
export function planTagChanges(currentTags: readonly string[], desiredOwnedTags: readonly string[], options: TagPlanOptions = {}): TagPlan {
  const prefix = options.prefix ?? DEFAULT_TAG_PREFIX;
  const tagLimit = options.tagLimit ?? SHOPIFY_CUSTOMER_TAG_LIMIT;
  const ownPrefix = checkPrefix(prefix);
  const ownedPrefixes = [ownPrefix, ...(options.previousPrefixes ?? []).map(checkPrefix)];
  const owned = (normalized: string) => ownedPrefixes.some((p) => normalized.startsWith(p));

  const desired = new Map<string, string>(); // normalized -> as we spell it
  for (const tag of desiredOwnedTags) {
    const spelled = tag.trim();
    const normalized = normalizeTag(tag);
    if (!normalized.startsWith(ownPrefix) || normalized === ownPrefix) {
      throw new RangeError(`Desired tag "${tag}" must start with our prefix "${prefix}" and have a name after it.`);
    }
    if (spelled.includes(",")) throw new RangeError(`A tag cannot contain a comma: "${tag}".`);
    if (spelled.length > SHOPIFY_TAG_MAX_LENGTH) {
      throw new RangeError(`A tag can have up to ${SHOPIFY_TAG_MAX_LENGTH} characters: "${tag.slice(0, 40)}…".`);
    }
    if (!desired.has(normalized)) desired.set(normalized, spelled);
  }

  const present = new Set<string>();
  const remove: string[] = [];
  for (const tag of currentTags) {
    const normalized = normalizeTag(tag);
    if (normalized === "" || present.has(normalized)) continue;
    present.add(normalized);
    if (owned(normalized) && !desired.has(normalized)) remove.push(tag);
  }

  const missing = [...desired].filter(([normalized]) => !present.has(normalized)).map(([, spelled]) => spelled);
  const room = Math.max(0, tagLimit - (present.size - remove.length));
  const add = missing.slice(0, room);
  const blocked = missing.slice(room);
  return { add, remove, blockedByTagLimit: blocked.length > 0, blocked };
}

/** Whether a plan changes nothing. */
export function isEmptyTagPlan(plan: Pick<TagPlan, "add" | "remove">): boolean {
  return plan.add.length === 0 && plan.remove.length === 0;
}

/**
 * The tags after a plan, as Shopify's tagsRemove then tagsAdd would leave them (case-insensitive
 * identity, no duplicates). Pure model of the write, used in tests and by the emulator.
 */
export function applyTagChanges(currentTags: readonly string[], plan: Pick<TagPlan, "add" | "remove">): string[] {
  const removed = new Set(plan.remove.map(normalizeTag));
  const result: string[] = [];
  const seen = new Set<string>();
  for (const tag of [...currentTags, ...plan.add]) {
    const normalized = normalizeTag(tag);
    if (normalized === "" || removed.has(normalized) || seen.has(normalized)) continue;
    seen.add(normalized);
    result.push(tag.trim());
  }
  return result;
}

/** The shop settings that decide a customer's owned tags. */
export interface CustomerTagSettings {
  tagPrefix: string;
  /** Prefixes the merchant changed away from: their tags are removed (prefix migration). */
  retiredTagPrefixes: readonly string[];
  /** False after "Remove all Tsunagu tags": no tag of ours is kept or added until tagging is turned back on. */
  taggingEnabled: boolean;
  atRiskTagEnabled: boolean;
  needsCareTagEnabled: boolean;
}

export interface CustomerTagFacts {
  stage: LifecycleStage;
  atRisk: boolean;
  /** A 1–2★ review or an NPS detractor answer not yet followed up. */
  needsCare: boolean;
  /** Our tags on the customer, as last seen on Shopify. */
  ownedTags: readonly string[];
  /** All the customer's tags (merchant's and ours): the 250 limit counts them all. */
  tagCount: number;
}

/** The tag `${prefix}needs-care` for a customer who left a 1–2★ review or an NPS detractor answer. */
export function needsCareTag(prefix: string = DEFAULT_TAG_PREFIX): string {
  return `${prefix}needs-care`;
}

/** The one plan for a customer's owned tags under the shop's settings (used by every tag writer). */
export function planCustomerTags(customer: CustomerTagFacts, settings: CustomerTagSettings): TagPlan {
  const prefix = settings.tagPrefix;
  const desired = settings.taggingEnabled
    ? [
        ...desiredOwnedTags(customer.stage, { prefix, atRisk: customer.atRisk, atRiskTagEnabled: settings.atRiskTagEnabled }),
        ...(settings.needsCareTagEnabled && customer.needsCare ? [needsCareTag(prefix)] : []),
      ]
    : [];
  // We store only our own tags; the room left for them is the limit minus the merchant's tags.
  const merchantTagCount = customer.tagCount - customer.ownedTags.length;
  return planTagChanges(customer.ownedTags, desired, {
    prefix,
    previousPrefixes: settings.retiredTagPrefixes,
    tagLimit: SHOPIFY_CUSTOMER_TAG_LIMIT - merchantTagCount,
  });
}
