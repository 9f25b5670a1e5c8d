// What the settings page shows and does, assembled from the models and the pure domain.
import { appNow } from "../clock.server";
import prisma from "../db.server";
import type { LifecycleRules } from "../domain/lifecycle-rules";
import { previewRulesChangeOf, summariesOfStoredTotals, type RulesChangePreview, type SettingsForm } from "../domain/shop-settings";
import { suggestThresholds, type ThresholdSuggestion } from "../domain/threshold-suggestions";
import type { CustomerHistory } from "../domain/types";
import { countCustomersBlockedByTagLimit, loadCustomerHistories, loadStoredSegments } from "./customer.server";
import { latestSettingsRun, type SettingsRunView } from "./settings-run.server";
import { loadShopAggregate, saveShopAggregate } from "./shop-aggregate.server";
import { getShopSettings, type ShopSettings } from "./shop.server";

/** What every tab of the settings page shows: the last run's progress and the tag-limit warning. */
export interface SettingsFrameData {
  run: SettingsRunView | null;
  blockedByTagLimit: number;
}

/** The lifecycle-rules form with the store's own threshold suggestion. */
export interface RulesFormData {
  form: SettingsForm;
  currencyCode: string;
  ianaTimezone: string;
  suggestion: ThresholdSuggestion;
  /** when the suggestion was computed (by the last whole-shop run); null = now */
  suggestionAsOf: string | null;
  retiredTagPrefixes: string[];
}

function formOf(settings: ShopSettings): SettingsForm {
  return {
    dormantAfterDays: settings.rules.dormantAfterDays,
    churnedAfterDays: settings.rules.churnedAfterDays,
    vipTopPercent: settings.rules.vipTopPercent,
    vipMinSpend: settings.rules.vipMinSpend,
    tagPrefix: settings.tagPrefix,
    taggingEnabled: settings.taggingEnabled,
    atRiskTagEnabled: settings.atRiskTagEnabled,
    needsCareTagEnabled: settings.needsCareTagEnabled,
    reviewDelayDays: settings.reviewDelayDays,
  };
}

function rulesOf(form: SettingsForm, current: LifecycleRules): LifecycleRules {
  return {
    ...current,
    dormantAfterDays: form.dormantAfterDays,
    churnedAfterDays: form.churnedAfterDays,
    vipTopPercent: form.vipTopPercent,
    vipMinSpend: form.vipMinSpend,
  };
}

/**
 * The dormant/churned suggestion (P80 / max(2×, P95) of the shop's purchase gaps) needs every order of
 * the shop: the whole-shop jobs compute it from the histories they hold and store it for the page.
 */
export async function saveThresholdSuggestion(
  shop: string,
  histories: readonly CustomerHistory[],
  timeZone: string,
  asOf: Date,
): Promise<void> {
  await saveShopAggregate(shop, "thresholds", asOf, suggestThresholds(histories, { asOf, timeZone }));
}

/** The stored suggestion, or (before the first whole-shop run) one computed from the rows now. */
async function thresholdSuggestion(shop: string, timeZone: string): Promise<{ suggestion: ThresholdSuggestion; asOf: Date | null }> {
  const stored = await loadShopAggregate<ThresholdSuggestion>(shop, "thresholds");
  if (stored) return { suggestion: stored.value, asOf: stored.computedAt };
  return { suggestion: suggestThresholds(await loadCustomerHistories(shop), { asOf: appNow(), timeZone }), asOf: null };
}

export async function loadSettingsFrame(shop: string): Promise<SettingsFrameData> {
  const settings = await getShopSettings(shop);
  const [run, blockedByTagLimit] = await Promise.all([latestSettingsRun(shop), countCustomersBlockedByTagLimit(shop, settings)]);
  return { run, blockedByTagLimit };
}

export async function loadRulesForm(shop: string): Promise<RulesFormData> {
  const settings = await getShopSettings(shop);
  const suggestion = await thresholdSuggestion(shop, settings.ianaTimezone);
  return {
    form: formOf(settings),
    currencyCode: settings.currencyCode,
    ianaTimezone: settings.ianaTimezone,
    suggestion: suggestion.suggestion,
    suggestionAsOf: suggestion.asOf?.toISOString() ?? null,
    retiredTagPrefixes: settings.retiredTagPrefixes,
  };
}

/**
 * Who would move where under the submitted settings, as of now; nothing is written. From the stored
 * per-customer totals (kept current by the recompute and the webhooks) and the orders of the VIP spend
 * window only, not every order of the shop: a few seconds at a quarter of a million customers.
 */
export async function previewSettings(shop: string, form: SettingsForm): Promise<RulesChangePreview> {
  const settings = await getShopSettings(shop);
  const ctx = { asOf: appNow(), timeZone: settings.ianaTimezone };
  // Two days wider than the window: its first local day starts at most a day before asOf − window days.
  const since = new Date(ctx.asOf.getTime() - (settings.rules.vipSpendWindowDays + 2) * 86_400_000);
  const [stored, recent] = await Promise.all([loadStoredSegments(shop), loadRecentHistories(shop, since)]);
  const summaries = summariesOfStoredTotals(stored.values(), recent, settings.rules, ctx);
  return previewRulesChangeOf(summaries, settings.rules, rulesOf(form, settings.rules));
}

/** The shop's orders processed since `since`, as histories of the customers who placed them. */
async function loadRecentHistories(shop: string, since: Date): Promise<CustomerHistory[]> {
  const orders = await prisma.order.findMany({
    where: { shop, customerId: { not: null }, processedAt: { gte: since } },
    select: {
      id: true,
      customerId: true,
      processedAt: true,
      totalPrice: true,
      totalRefunded: true,
      cancelled: true,
      test: true,
      financialStatus: true,
    },
  });
  const histories = new Map<string, CustomerHistory>();
  for (const order of orders) {
    const customerId = order.customerId!;
    let history = histories.get(customerId);
    // createdAt is not part of a summary: the first order read stands in for it.
    if (!history) histories.set(customerId, (history = { customerId, createdAt: order.processedAt, orders: [] }));
    history.orders.push(order);
  }
  return [...histories.values()];
}
