import prisma from "../db.server";
import { LIFECYCLE_RULES, type LifecycleRules } from "../domain/lifecycle-rules";

export interface ShopSettings {
  shop: string;
  currencyCode: string;
  ianaTimezone: string;
  tagPrefix: string;
  /** Whether at-risk customers also get the `${tagPrefix}at-risk` tag (off by default). */
  atRiskTagEnabled: boolean;
  rules: LifecycleRules;
}

export async function registerShop(shop: string): Promise<void> {
  await prisma.shop.upsert({
    where: { shop },
    create: { shop },
    update: { uninstalledAt: null },
  });
}

export async function updateShopFacts(
  shop: string,
  facts: { currencyCode: string; ianaTimezone: string },
): Promise<void> {
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
    rules: {
      dormantAfterDays: row.dormantAfterDays,
      churnedAfterDays: row.churnedAfterDays,
      vipTopPercent: row.vipTopPercent,
      vipMinSpend: row.vipMinSpend,
      vipSpendWindowDays: LIFECYCLE_RULES.vipSpendWindowDays,
    },
  };
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
