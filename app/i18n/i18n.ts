// The app's strings in English and Japanese. The language follows the Shopify admin's locale.
// One JSON file per feature and language (app/i18n/locales/<locale>/<feature>.json); keys are
// prefixed by feature ("settings.…"), so the files merge without collisions. The strings are loaded
// on the server (messages.server.ts) and reach the browser as loader data, only in the admin's
// language: this module holds types and the formatter only, so no locale file is bundled for the client.
type English = typeof import("./locales/en/common.json") &
  typeof import("./locales/en/settings.json") &
  typeof import("./locales/en/journey.json") &
  typeof import("./locales/en/segments.json") &
  typeof import("./locales/en/cohorts.json") &
  typeof import("./locales/en/playbook.json") &
  typeof import("./locales/en/reviews.json") &
  typeof import("./locales/en/backfill.json") &
  typeof import("./locales/en/privacy.json") &
  typeof import("./locales/en/predictions.json") &
  typeof import("./locales/en/scenarios.json") &
  typeof import("./locales/en/acquisition.json") &
  typeof import("./locales/en/subscriptions.json");

export type Locale = "en" | "ja";
export type MessageKey = keyof English;
export type Messages = Record<MessageKey, string>;

export function translate(messages: Messages, key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
