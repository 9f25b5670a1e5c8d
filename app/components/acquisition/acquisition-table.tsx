// One acquisition table (by channel, product type or product): customers, F2 within 30/90/365 days,
// net revenue per customer within 90/180/365 days, predicted 12-month value per customer and today's
// segment mix. Windows that have not elapsed for anyone show "—" and the customers still open.
import { BlockStack, Text } from "@shopify/polaris";
import type { AcquisitionRow } from "../../domain/touchpoints/acquisition-report";
import { LIFECYCLE_STAGES } from "../../domain/types";
import type { Formatter } from "../../i18n/format";
import type { MessageKey } from "../../i18n/i18n";
import { useI18n } from "../../i18n/i18n-context";
import { STAGE_COLORS } from "../charts/colors";

export const f2Rate = (w: { eligible: number; converted: number }): number | null => (w.eligible === 0 ? null : w.converted / w.eligible);
const revenuePerCustomer = (w: { eligible: number; revenue: number }): number | null => (w.eligible === 0 ? null : w.revenue / w.eligible);
const predictedPerCustomer = (row: AcquisitionRow): number | null =>
  row.predicted12m === null || row.predicted12m.customers === 0 ? null : row.predicted12m.total / row.predicted12m.customers;

function WindowCell({ value, detail, open }: { value: string; detail: string | null; open: string | null }) {
  return (
    <BlockStack gap="025" inlineAlign="end">
      <Text as="span">{value}</Text>
      {detail ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {detail}
        </Text>
      ) : null}
      {open ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {open}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function SegmentMix({ segments, total }: { segments: AcquisitionRow["segments"]; total: number }) {
  const { t } = useI18n();
  const present = LIFECYCLE_STAGES.filter((stage) => (segments[stage] ?? 0) > 0);
  return (
    <BlockStack gap="050">
      <div
        aria-hidden="true"
        style={{ display: "flex", width: 160, height: 10, borderRadius: 3, overflow: "hidden", background: "#f1f1f1" }}
      >
        {present.map((stage) => (
          <div key={stage} style={{ width: `${((segments[stage] ?? 0) / Math.max(1, total)) * 100}%`, background: STAGE_COLORS[stage] }} />
        ))}
      </div>
      <Text as="span" variant="bodySm">
        {present.map((stage) => `${t(`stage.${stage}` as MessageKey)} ${segments[stage]}`).join(" · ")}
      </Text>
    </BlockStack>
  );
}

const cell = { padding: "6px 10px", verticalAlign: "top" as const, textAlign: "right" as const, borderTop: "1px solid #e3e3e3" };

/** A plain table in a focusable scrolling region (ten columns do not fit a narrow admin: it scrolls, by keyboard too). */
export function AcquisitionTable({
  rows,
  label,
  format,
  groupHeading,
}: {
  rows: AcquisitionRow[];
  label: (key: string) => string;
  format: Formatter;
  groupHeading: string;
}) {
  const { t } = useI18n();
  const open = (n: number) => (n > 0 ? t("acquisition.stillOpen", { count: format.number(n) }) : null);
  const headings = [
    t("acquisition.column.customers"),
    ...rows[0]!.f2.map((w) => t("acquisition.column.f2", { days: w.days })),
    ...rows[0]!.revenue.map((w) => t("acquisition.column.revenue", { days: w.days })),
    t("acquisition.column.predicted"),
  ];
  return (
    <div role="region" aria-label={groupHeading} tabIndex={0} style={{ overflowX: "auto" }}>
      <table style={{ borderCollapse: "collapse", width: "100%", fontSize: 13 }}>
        <thead>
          <tr>
            <th scope="col" style={{ ...cell, textAlign: "left", borderTop: "none" }}>
              {groupHeading}
            </th>
            {headings.map((heading) => (
              <th key={heading} scope="col" style={{ ...cell, borderTop: "none" }}>
                {heading}
              </th>
            ))}
            <th scope="col" style={{ ...cell, textAlign: "left", borderTop: "none" }}>
              {t("acquisition.column.segments")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const predicted = predictedPerCustomer(row);
            return (
              <tr key={row.key}>
                <th scope="row" style={{ ...cell, textAlign: "left", fontWeight: 400 }}>
                  {label(row.key)}
                </th>
                <td style={cell}>{format.number(row.customers)}</td>
                {row.f2.map((w) => {
                  const rate = f2Rate(w);
                  return (
                    <td key={`f2-${w.days}`} style={cell}>
                      <WindowCell
                        value={rate === null ? "—" : format.percent(rate)}
                        detail={
                          w.eligible === 0
                            ? null
                            : t("acquisition.ofEligible", { converted: format.number(w.converted), eligible: format.number(w.eligible) })
                        }
                        open={open(w.stillOpen)}
                      />
                    </td>
                  );
                })}
                {row.revenue.map((w) => {
                  const perCustomer = revenuePerCustomer(w);
                  return (
                    <td key={`rev-${w.days}`} style={cell}>
                      <WindowCell
                        value={perCustomer === null ? "—" : format.money(perCustomer)}
                        detail={w.eligible === 0 ? null : t("acquisition.customersCount", { count: format.number(w.eligible) })}
                        open={open(w.stillOpen)}
                      />
                    </td>
                  );
                })}
                <td style={cell}>{predicted === null ? "—" : format.money(predicted)}</td>
                <td style={{ ...cell, textAlign: "left" }}>
                  <SegmentMix segments={row.segments} total={row.customers} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
