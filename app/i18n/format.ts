// Numbers, money and dates for the admin's locale, in the shop's currency and time zone (Intl only).
// Shared by every page: `const format = createFormatter({ locale, currencyCode, timeZone })`.
import type { Locale } from "./i18n";

export interface FormatContext {
  locale: Locale;
  /** ISO 4217 code of the shop's currency (JPY has no decimals; Intl knows). */
  currencyCode: string;
  /** IANA zone of the shop: dates are the shop's calendar days. */
  timeZone: string;
}

export interface Formatter {
  number(value: number, maximumFractionDigits?: number): string;
  /** 0.256 → "25.6%" */
  percent(value: number): string;
  /** A change of a share: 0.05 → "+5.0 pt" / "+5.0ポイント". */
  percentPoints(value: number): string;
  /** A relative change: 0.1 → "+10%". */
  signedPercent(value: number): string;
  money(amount: number): string;
  /** A calendar date (an instant, or "YYYY-MM-DD" already in the shop's zone): "November 23, 2026" / "2026年11月23日". */
  date(value: Date | string): string;
  dateTime(value: Date | string): string;
}

const intlLocale = (locale: Locale) => (locale === "ja" ? "ja-JP" : "en-US");

export function createFormatter({ locale, currencyCode, timeZone }: FormatContext): Formatter {
  const tag = intlLocale(locale);
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const signedPercent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero" });
  const points = new Intl.NumberFormat(tag, { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: "exceptZero" });
  const money = new Intl.NumberFormat(tag, { style: "currency", currency: currencyCode });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone });
  const localDateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone });
  return {
    number: (value, maximumFractionDigits = 0) => new Intl.NumberFormat(tag, { maximumFractionDigits }).format(value),
    percent: (value) => percent.format(value),
    percentPoints: (value) => `${points.format(value * 100)}${locale === "ja" ? "ポイント" : " pt"}`,
    signedPercent: (value) => signedPercent.format(value),
    money: (amount) => money.format(amount),
    // A bare local date is a calendar day already: format it at UTC so no zone shifts it.
    date: (value) =>
      typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? localDateFormat.format(new Date(`${value}T00:00:00Z`))
        : dateFormat.format(new Date(value)),
    dateTime: (value) => dateTimeFormat.format(new Date(value)),
  };
}
