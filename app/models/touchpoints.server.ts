// Persistence of touchpoints: the shop's UTM rules for channels (docs/touchpoints.md §2).
import prisma from "../db.server";
import { DEFAULT_UTM_RULES, validateUtmRules, type UtmRule, type UtmRuleError } from "../domain/touchpoints/channels";

/** The shop's UTM rules; the defaults until the merchant saves their own (an empty list is a choice). */
export async function loadUtmRules(shop: string): Promise<UtmRule[]> {
  const row = await prisma.touchpointSettings.findUnique({ where: { shop }, select: { utmRules: true } });
  if (row === null) return [...DEFAULT_UTM_RULES];
  // Stored rules were validated on save; re-validating keeps a hand-edited row from breaking the mapping.
  const parsed = validateUtmRules(JSON.parse(row.utmRules) as { field?: unknown; value?: unknown; channel?: unknown }[]);
  return parsed.ok ? parsed.rules : [...DEFAULT_UTM_RULES];
}

/** Validates and saves the merchant's rules (replacing the previous list); nothing is saved on errors. */
export async function saveUtmRules(
  shop: string,
  raw: readonly { field?: unknown; value?: unknown; channel?: unknown }[],
): Promise<{ ok: true; rules: UtmRule[] } | { ok: false; errors: UtmRuleError[] }> {
  const result = validateUtmRules(raw);
  if (!result.ok) return result;
  const utmRules = JSON.stringify(result.rules);
  await prisma.touchpointSettings.upsert({ where: { shop }, create: { shop, utmRules }, update: { utmRules } });
  return result;
}
