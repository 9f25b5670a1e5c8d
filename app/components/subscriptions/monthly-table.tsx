// The monthly report's table (月次レポート), on the subscriptions page and its printable page.
import type { MonthlyRow } from "../../domain/subscriptions/report";
import type { Formatter } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useI18n } from "../../i18n/i18n-context";

export const MONTHLY_COLUMNS = ["month", "started", "ended", "active", "churn", "deliveries", "revenue", "firstTime", "upgrades"] as const;

export function monthlyCells(row: MonthlyRow, format: Formatter): string[] {
  return [
    row.month,
    format.number(row.started),
    format.number(row.ended),
    format.number(row.activeAtEnd),
    row.churnRate === null ? "—" : format.percent(row.churnRate),
    format.number(row.deliveries),
    format.money(row.revenue),
    format.number(row.firstTimeBuyers),
    format.number(row.upgrades),
  ];
}

export function MonthlyTable({ rows, format }: { rows: MonthlyRow[]; format: Formatter }) {
  const { t } = useI18n();
  const cell = { padding: "4px 8px", textAlign: "right" as const, whiteSpace: "nowrap" as const, fontVariantNumeric: "tabular-nums" };
  return (
    <div style={{ overflowX: "auto", maxWidth: "100%" }}>
      <table style={{ borderCollapse: "collapse", fontSize: 13 }} data-testid="monthly-report">
        <thead>
          <tr>
            {MONTHLY_COLUMNS.map((key, i) => (
              <th key={key} style={{ ...cell, textAlign: i === 0 ? "left" : "right" }}>
                {t(`subscriptions.monthly.${key}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.month} style={{ borderTop: "1px solid #e1e3e5" }}>
              {monthlyCells(row, format).map((value, i) => (
                <td key={i} style={{ ...cell, textAlign: i === 0 ? "left" : "right" }}>
                  {value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
