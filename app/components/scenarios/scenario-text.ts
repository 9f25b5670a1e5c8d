// How a scenario reads in the admin's language: copy (a locale key or the merchant's text), the entry,
// the steps and their offers, in one sentence each.
import type { Copy, OfferSettings, ScenarioDefinition, ScenarioEntry } from "../../domain/scenarios/definition";
import type { Formatter } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function copyText(t: Translate, copy: Copy): string {
  return "key" in copy ? t(copy.key as MessageKey) : copy.text;
}

export function entryText(t: Translate, entry: ScenarioEntry): string {
  switch (entry.kind) {
    case "segment-transition":
      return t("scenarios.entry.summary.segment-transition", { segment: t(`stage.${entry.to}` as MessageKey) });
    case "nth-order":
      return t("scenarios.entry.summary.nth-order", { n: entry.n });
    case "days-after-fulfilment":
      return t("scenarios.entry.summary.days-after-fulfilment", { days: entry.days });
    case "f2-window-closing":
      return t("scenarios.entry.summary.f2-window-closing", { windowDays: entry.windowDays, daysBefore: entry.daysBefore });
    default:
      return t(`scenarios.entry.summary.${entry.kind}`);
  }
}

function offerText(t: Translate, format: Formatter, offer: OfferSettings): string {
  const value = offer.value.type === "percentage" ? `${offer.value.percent}%` : format.money(offer.value.amount);
  return t(`scenarios.offer.summary.${offer.kind}`, { value, days: offer.expiryDays });
}

/** "Day 0 · Product, Day 7 · Offer (15% off, own code, 14 days), …" */
export function stepsText(t: Translate, format: Formatter, definition: Pick<ScenarioDefinition, "steps">): string {
  return definition.steps
    .map((step) => {
      const text = t("scenarios.steps.summary", { day: step.dayOffset, content: t(`scenarios.content.${step.content}`) });
      return step.offer ? t("scenarios.steps.withOffer", { step: text, offer: offerText(t, format, step.offer) }) : text;
    })
    .join(" → ");
}
