// Both languages' strings, on the server only: each document ships the admin's language alone
// (as the app layout's loader data).
import enCommon from "./locales/en/common.json";
import enSettings from "./locales/en/settings.json";
import enJourney from "./locales/en/journey.json";
import enSegments from "./locales/en/segments.json";
import enCohorts from "./locales/en/cohorts.json";
import enPlaybook from "./locales/en/playbook.json";
import enReviews from "./locales/en/reviews.json";
import enBackfill from "./locales/en/backfill.json";
import enPrivacy from "./locales/en/privacy.json";
import enPredictions from "./locales/en/predictions.json";
import enScenarios from "./locales/en/scenarios.json";
import enAcquisition from "./locales/en/acquisition.json";
import enSubscriptions from "./locales/en/subscriptions.json";
import jaCommon from "./locales/ja/common.json";
import jaSettings from "./locales/ja/settings.json";
import jaJourney from "./locales/ja/journey.json";
import jaSegments from "./locales/ja/segments.json";
import jaCohorts from "./locales/ja/cohorts.json";
import jaPlaybook from "./locales/ja/playbook.json";
import jaReviews from "./locales/ja/reviews.json";
import jaBackfill from "./locales/ja/backfill.json";
import jaPrivacy from "./locales/ja/privacy.json";
import jaPredictions from "./locales/ja/predictions.json";
import jaScenarios from "./locales/ja/scenarios.json";
import jaAcquisition from "./locales/ja/acquisition.json";
import jaSubscriptions from "./locales/ja/subscriptions.json";
import type { Locale, Messages } from "./i18n";

const en = {
  ...enCommon,
  ...enSettings,
  ...enJourney,
  ...enSegments,
  ...enCohorts,
  ...enPlaybook,
  ...enReviews,
  ...enBackfill,
  ...enPrivacy,
  ...enPredictions,
  ...enScenarios,
  ...enAcquisition,
  ...enSubscriptions,
};
const ja = {
  ...jaCommon,
  ...jaSettings,
  ...jaJourney,
  ...jaSegments,
  ...jaCohorts,
  ...jaPlaybook,
  ...jaReviews,
  ...jaBackfill,
  ...jaPrivacy,
  ...jaPredictions,
  ...jaScenarios,
  ...jaAcquisition,
  ...jaSubscriptions,
};

// `satisfies` makes a key missing from either language a type error.
const MESSAGES: Record<Locale, Messages> = { en: en satisfies Messages, ja: ja satisfies Messages };

/** The admin passes `locale` (e.g. "ja", "ja-JP", "en-US") on the app's URL; otherwise the browser's language. */
export function resolveLocale(request: Request): Locale {
  const requested = new URL(request.url).searchParams.get("locale") ?? request.headers.get("accept-language") ?? "en";
  return requested.trim().toLowerCase().startsWith("ja") ? "ja" : "en";
}

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}
