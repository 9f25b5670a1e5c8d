// What the settings page shows and does, assembled from the models and the pure domain.
import { appNow } from "../clock.server";
import type { LifecycleRules } from "../domain/lifecycle-rules";
import { previewRulesChange, type RulesChangePreview, type SettingsForm } from "../domain/shop-settings";
import { suggestThresholds, type ThresholdSuggestion } from "../domain/threshold-suggestions";
import { countCustomersBlockedByTagLimit, loadCustomerHistories } from "./customer.server";
import { listNativeSegments, type StoredNativeSegment } from "./native-segment.server";
import { latestSettingsRun, type SettingsRunView } from "./settings-run.server";
import { getShopSettings, type ShopSettings } from "./shop.server";

export interface SettingsPageData {
  form: SettingsForm;
  currencyCode: string;
  ianaTimezone: string;
  suggestion: ThresholdSuggestion;
  run: SettingsRunView | null;
  nativeSegments: StoredNativeSegment[];
  blockedByTagLimit: number;
  retiredTagPrefixes: string[];
}

export function formOf(settings: ShopSettings): SettingsForm {
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

export function rulesOf(form: SettingsForm, current: LifecycleRules): LifecycleRules {
  return {
    ...current,
    dormantAfterDays: form.dormantAfterDays,
    churnedAfterDays: form.churnedAfterDays,
    vipTopPercent: form.vipTopPercent,
    vipMinSpend: form.vipMinSpend,
  };
}

export async function loadSettingsPage(shop: string): Promise<SettingsPageData> {
  const settings = await getShopSettings(shop);
  const [histories, run, nativeSegments, blockedByTagLimit] = await Promise.all([
    loadCustomerHistories(shop),
    latestSettingsRun(shop),
    listNativeSegments(shop),
    countCustomersBlockedByTagLimit(shop, settings),
  ]);
  return {
    form: formOf(settings),
    currencyCode: settings.currencyCode,
    ianaTimezone: settings.ianaTimezone,
    suggestion: suggestThresholds(histories, { asOf: appNow(), timeZone: settings.ianaTimezone }),
    run,
    nativeSegments,
    blockedByTagLimit,
    retiredTagPrefixes: settings.retiredTagPrefixes,
  };
}

/** Who would move where under the submitted settings, as of now; nothing is written. */
export async function previewSettings(shop: string, form: SettingsForm): Promise<RulesChangePreview> {
  const settings = await getShopSettings(shop);
  const histories = await loadCustomerHistories(shop);
  return previewRulesChange(histories, settings.rules, rulesOf(form, settings.rules), {
    asOf: appNow(),
    timeZone: settings.ianaTimezone,
  });
}
