// The rules form's values as the browser holds them (strings and switches), and as they travel.
import type { RawSettingsForm, SettingsForm } from "../../domain/shop-settings";

const FORM_FIELDS = [
  "dormantAfterDays",
  "churnedAfterDays",
  "vipRule",
  "vipTopPercent",
  "vipMinSpend",
  "tagPrefix",
  "taggingEnabled",
  "atRiskTagEnabled",
  "needsCareTagEnabled",
  "reviewDelayDays",
] as const;

export type RulesFormValues = Record<(typeof FORM_FIELDS)[number], string | boolean>;

/** The submitted form, for validateSettingsForm. */
export function rawRulesForm(data: FormData): RawSettingsForm {
  return Object.fromEntries(FORM_FIELDS.map((field) => [field, data.get(field) as string | null]));
}

export function rulesFormValues(form: SettingsForm): RulesFormValues {
  return {
    dormantAfterDays: String(form.dormantAfterDays),
    churnedAfterDays: String(form.churnedAfterDays),
    vipRule: form.vipMinSpend === null ? "top" : "min-spend",
    vipTopPercent: String(form.vipTopPercent),
    vipMinSpend: form.vipMinSpend === null ? "" : String(form.vipMinSpend),
    tagPrefix: form.tagPrefix,
    taggingEnabled: form.taggingEnabled,
    atRiskTagEnabled: form.atRiskTagEnabled,
    needsCareTagEnabled: form.needsCareTagEnabled,
    reviewDelayDays: String(form.reviewDelayDays),
  };
}

export function rulesFormData(values: RulesFormValues): FormData {
  const data = new FormData();
  for (const [field, value] of Object.entries(values)) {
    if (typeof value === "string") data.set(field, value);
    else if (value) data.set(field, "on");
  }
  return data;
}
