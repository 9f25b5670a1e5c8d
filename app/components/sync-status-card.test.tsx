import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../i18n/i18n-context";
import type { Locale } from "../i18n/i18n";
import { messagesFor } from "../i18n/messages.server";
import type { HomeSummary } from "../models/home.server";
import { SyncStatusCard } from "./sync-status-card";

// A backfill 10 s in: 250,000 of 1,250,000 records read, so 40 s to go at this pace.
const RUNNING: NonNullable<HomeSummary["sync"]> = {
  status: "running",
  phase: "records",
  customersRead: 200_000,
  customersTotal: 250_000,
  ordersRead: 50_000,
  ordersTotal: 1_000_000,
  tagsWritten: 0,
  startedAt: "2026-11-23T12:00:00.000Z",
  heartbeatAt: "2026-11-23T12:00:10.000Z",
  finishedAt: null,
  error: null,
};

function render(locale: Locale): string {
  const html = renderToString(
    <AppProvider i18n={en}>
      <I18nProvider locale={locale} messages={messagesFor(locale)}>
        <SyncStatusCard sync={RUNNING} timeZone="Asia/Tokyo" />
      </I18nProvider>
    </AppProvider>,
  );
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");
}

describe("SyncStatusCard while a backfill runs", () => {
  it("shows records read, the percentage and the time left in English", () => {
    const text = render("en");
    expect(text).toContain("reading customers and orders");
    expect(text).toContain("250,000 of 1,250,000 records read (20 %)");
    expect(text).toContain("Customers 200,000 / 250,000 · Orders 50,000 / 1,000,000");
    expect(text).toContain("About 40 seconds left");
  });

  it("shows the same in Japanese", () => {
    const text = render("ja");
    expect(text).toContain("顧客と注文を読み込んでいます");
    expect(text).toContain("1,250,000件中 250,000件を読み込みました（20%）");
    expect(text).toContain("残り約40 秒");
  });
});
