// The app's strings in English and Japanese. The language follows the Shopify admin's locale.
import en from "./en.json";
import ja from "./ja.json";

export type Locale = "en" | "ja";
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const MESSAGES: Record<Locale, Messages> = { en, ja };

/** The admin passes `locale` (e.g. "ja", "ja-JP", "en-US") on the app's URL; otherwise the browser's language. */
export function resolveLocale(request: Request): Locale {
  const requested =
    new URL(request.url).searchParams.get("locale") ?? request.headers.get("accept-language") ?? "en";
  return requested.trim().toLowerCase().startsWith("ja") ? "ja" : "en";
}

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}

export function translate(messages: Messages, key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
