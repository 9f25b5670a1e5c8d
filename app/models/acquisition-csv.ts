// The acquisition reports as CSV: a header row in the admin's language, one row per group (channel,
// product type, product) or per first product's next product; shares as fractions, amounts as plain
// numbers in the shop's currency, windows not yet elapsed left empty (their customers in the "open" column).
import type { AcquisitionReport, AcquisitionRow } from "../domain/touchpoints/acquisition-report";
import { LIFECYCLE_STAGES } from "../domain/types";
import type { Locale, MessageKey } from "../i18n/i18n";
import { messagesFor } from "../i18n/messages.server";

/** A cell, quoted when needed; text a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const lines = (rows: (string | number | null)[][]) => "\uFEFF" + rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export type AcquisitionCsvTable = "groups" | "next-products";

export function acquisitionCsv(report: AcquisitionReport, table: AcquisitionCsvTable, locale: Locale): string {
  const messages = messagesFor(locale);
  const m = (key: string, values: Record<string, string | number> = {}) =>
    messages[key as MessageKey].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
  if (table === "next-products") {
    const header = [
      "firstProduct",
      "firstOrderCustomers",
      "secondOrderCustomers",
      "nextProduct",
      "nextCustomers",
      "nextShare",
      "repurchase",
    ].map((k) => m(`acquisition.csv.${k}`));
    const rows = report.nextProducts.flatMap((row) =>
      row.next.map((next) => [
        row.productId,
        row.firstOrderCustomers,
        row.secondOrderCustomers,
        next.productId,
        next.customers,
        round(next.share, 4),
        next.repurchase ? 1 : 0,
      ]),
    );
    return lines([header, ...rows]);
  }
  const header = [
    m("acquisition.csv.groupKind"),
    m("acquisition.csv.group"),
    m("acquisition.column.customers"),
    ...report.all.f2.flatMap((w) => [
      m("acquisition.csv.f2Eligible", { days: w.days }),
      m("acquisition.csv.f2Converted", { days: w.days }),
      m("acquisition.csv.f2Rate", { days: w.days }),
      m("acquisition.csv.open", { days: w.days }),
    ]),
    ...report.all.revenue.flatMap((w) => [
      m("acquisition.csv.revenueEligible", { days: w.days }),
      m("acquisition.csv.revenuePerCustomer", { days: w.days }),
    ]),
    m("acquisition.column.predicted"),
    ...LIFECYCLE_STAGES.map((stage) => m(`stage.${stage}`)),
  ];
  const row = (kind: string, r: AcquisitionRow) => [
    kind,
    r.key,
    r.customers,
    ...r.f2.flatMap((w) => [w.eligible, w.converted, round(ratio(w.converted, w.eligible), 4), w.stillOpen]),
    ...r.revenue.flatMap((w) => [w.eligible, round(ratio(w.revenue, w.eligible), 2)]),
    r.predicted12m === null ? null : round(ratio(r.predicted12m.total, r.predicted12m.customers), 2),
    ...LIFECYCLE_STAGES.map((stage) => r.segments[stage] ?? 0),
  ];
  return lines([
    header,
    row("all", report.all),
    ...report.byChannel.map((r) => row("channel", r)),
    ...report.byProductType.map((r) => row("productType", r)),
    ...report.byProduct.map((r) => row("product", r)),
  ]);
}
