import { createContext, useContext, type ReactNode } from "react";
import { translate, type Locale, type MessageKey, type Messages } from "./i18n";

const I18nContext = createContext<{ locale: Locale; messages: Messages } | null>(null);

export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  return <I18nContext.Provider value={{ locale, messages }}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n must be used inside <I18nProvider>");
  const { locale, messages } = context;
  return {
    locale,
    t: (key: MessageKey, values?: Record<string, string | number>) => translate(messages, key, values),
    formatNumber: (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(value),
  };
}
