import prisma from "../db.server";
import { LIFECYCLE_RULES, type LifecycleRules } from "../domain/lifecycle-rules";
import type { SettingsForm } from "../domain/shop-settings";

export interface ShopSettings {
  shop: string;
  currencyCode: string;
  ianaTimezone: string;
  tagPrefix: string;
  /** Whether at-risk customers also get the `${tagPrefix}at-risk` tag (off by default). */
  atRiskTagEnabled: boolean;
  /** Whether customers who need care also get the `${tagPrefix}needs-care` tag (off by default). */
  needsCareTagEnabled: boolean;
  /** False after "Remove all Tsunagu tags", until the merchant turns tagging back on. */
  taggingEnabled: boolean;
  /** Prefixes changed away from whose tags are still to be removed. */
  retiredTagPrefixes: string[];
  /** A review request opens this many days after fulfilment. */
  reviewDelayDays: number;
  rules: LifecycleRules;
}

export async function registerShop(shop: string): Promise<void> {
  await prisma.shop.upsert({
    where: { shop },
    create: { shop },
    update: { uninstalledAt: null },
  });
}

export async function updateShopFacts(shop: string, facts: { currencyCode: string; ianaTimezone: string }): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: facts });
}

export async function getShopSettings(shop: string): Promise<ShopSettings> {
  const row = await prisma.shop.findUniqueOrThrow({ where: { shop } });
  return {
    shop: row.shop,
    currencyCode: row.currencyCode,
    ianaTimezone: row.ianaTimezone,
    tagPrefix: row.tagPrefix,
    atRiskTagEnabled: row.atRiskTagEnabled,
    needsCareTagEnabled: row.needsCareTagEnabled,
    taggingEnabled: row.taggingEnabled,
    retiredTagPrefixes: JSON.parse(row.retiredTagPrefixes) as string[],
    reviewDelayDays: row.reviewDelayDays,
    rules: {
      dormantAfterDays: row.dormantAfterDays,
      churnedAfterDays: row.churnedAfterDays,
      vipTopPercent: row.vipTopPercent,
      vipMinSpend: row.vipMinSpend,
      vipSpendWindowDays: LIFECYCLE_RULES.vipSpendWindowDays,
    },
  };
}

/**
 * Store the merchant's settings. A changed prefix retires the old one: its tags are removed by the
 * next tag pass (apply-settings), which then clears the list.
 */
export async function saveShopSettings(shop: string, settings: SettingsForm): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.shop.findUniqueOrThrow({ where: { shop } });
    const retired = new Set(JSON.parse(row.retiredTagPrefixes) as string[]);
    if (row.tagPrefix !== settings.tagPrefix) retired.add(row.tagPrefix);
    retired.delete(settings.tagPrefix);
    await tx.shop.update({ where: { shop }, data: { ...settings, retiredTagPrefixes: JSON.stringify([...retired]) } });
  });
}

/** After a tag pass removed their tags, the retired prefixes are forgotten. */
export async function clearRetiredTagPrefixes(shop: string, prefixes: readonly string[]): Promise<void> {
  const row = await prisma.shop.findUniqueOrThrow({ where: { shop } });
  const left = (JSON.parse(row.retiredTagPrefixes) as string[]).filter((p) => !prefixes.includes(p));
  await prisma.shop.update({ where: { shop }, data: { retiredTagPrefixes: JSON.stringify(left) } });
}

export async function setTaggingEnabled(shop: string, enabled: boolean): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { taggingEnabled: enabled } });
}

export async function setAtRiskTagEnabled(shop: string, enabled: boolean): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { atRiskTagEnabled: enabled } });
}

/** app/uninstalled: the shop's data stays until shop/redact; only its sessions go. */
export async function markShopUninstalled(shop: string, at: Date): Promise<void> {
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop } }),
    prisma.shop.updateMany({ where: { shop }, data: { uninstalledAt: at } }),
  ]);
}

export interface DailyRefreshCandidate {
  shop: string;
  ianaTimezone: string;
  lastDailyRunAt: Date | null;
}

/** Installed shops whose first sync has completed: the ones a daily refresh applies to. */
export async function listShopsForDailyRefresh(): Promise<DailyRefreshCandidate[]> {
  const synced = await prisma.syncRun.findMany({ where: { status: "completed" }, distinct: ["shop"], select: { shop: true } });
  return prisma.shop.findMany({
    where: { uninstalledAt: null, shop: { in: synced.map((s) => s.shop) } },
    select: { shop: true, ianaTimezone: true, lastDailyRunAt: true },
  });
}

export async function markDailyRefresh(shop: string, at: Date): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { lastDailyRunAt: at } });
}

/** The stored VIP cut for one-customer recomputes, with the key (shop-local day + rules) it was computed for. */
export async function loadVipCutCache(shop: string): Promise<{ key: string; cut: unknown } | null> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { vipCut: true } });
  return row?.vipCut ? (JSON.parse(row.vipCut) as { key: string; cut: unknown }) : null;
}

export async function saveVipCutCache(shop: string, cache: { key: string; cut: unknown }): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { vipCut: JSON.stringify(cache) } });
}

/**
 * Where reconciliation resumes: its last watermark, or — before the first one — the newest Shopify
 * updatedAt among the rows the sync stored. Always Shopify's clock, never ours. Null without rows.
 */
export async function loadReconciliationWatermark(shop: string): Promise<Date | null> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { reconciledThrough: true } });
  if (row?.reconciledThrough) return row.reconciledThrough;
  const [orders, customers] = await Promise.all([
    prisma.order.aggregate({ where: { shop }, _max: { shopifyUpdatedAt: true } }),
    prisma.customer.aggregate({ where: { shop }, _max: { shopifyUpdatedAt: true } }),
  ]);
  const newest = [orders._max.shopifyUpdatedAt, customers._max.shopifyUpdatedAt].filter((d): d is Date => d !== null);
  return newest.length ? new Date(Math.max(...newest.map((d) => d.getTime()))) : null;
}

export async function saveReconciliationWatermark(shop: string, through: Date): Promise<void> {
  await prisma.shop.update({ where: { shop }, data: { reconciledThrough: through } });
}
