// The monthly report (月次レポート) as CSV: a header row in the admin's language, one row per month,
// shares as fractions and amounts as plain numbers (a spreadsheet formats them).
import type { StoredSubscriptionReport } from "../domain/subscriptions/report";
import type { Locale } from "../i18n/i18n";
import { messagesFor } from "../i18n/messages.server";

const COLUMNS = ["month", "started", "ended", "active", "churn", "deliveries", "revenue", "firstTime", "upgrades"] as const;

export function monthlyCsv(report: StoredSubscriptionReport, locale: Locale): string {
  const messages = messagesFor(locale);
  const header = COLUMNS.map((key) => messages[`subscriptions.monthly.${key}`]);
  const rows = report.monthly.map((m) => [
    m.month,
    m.started,
    m.ended,
    m.activeAtEnd,
    m.churnRate === null ? "" : m.churnRate.toFixed(4),
    m.deliveries,
    Math.round(m.revenue * 100) / 100,
    m.firstTimeBuyers,
    m.upgrades,
  ]);
  const escape = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  // BOM: Excel opens UTF-8 Japanese headers correctly only with it.
  return "\uFEFF" + [header, ...rows].map((r) => r.map(escape).join(",")).join("\r\n") + "\r\n";
}
