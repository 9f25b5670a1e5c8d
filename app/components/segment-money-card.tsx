import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { SegmentMoney } from "../domain/segment-money";
import { STAGES_IN_JOURNEY_ORDER, type LifecycleStage } from "../domain/types";
import { TableCard } from "./section-card";

/**
 * Money per segment for a period: revenue, orders, average order value, share of revenue and the
 * predicted 12-month value of the segment's customers (or why predictions are withheld).
 */
export function SegmentMoneyCard({
  money,
  predictionsWithheld,
  periodDays,
  format,
  audience,
}: {
  money: Record<LifecycleStage, SegmentMoney>;
  predictionsWithheld: string | null;
  periodDays: number;
  format: Formatter;
  /** whose money it is when not everyone's (the Segments page's subscriber filter), e.g. "subscribers only" */
  audience?: string;
}) {
  const { t } = useI18n();
  const amount = (value: number | null) => (value === null ? "—" : format.money(Math.round(value)));
  const rows = STAGES_IN_JOURNEY_ORDER.map((stage) => {
    const m = money[stage];
    return [
      t(`stage.${stage}` as MessageKey),
      format.number(m.customers),
      amount(m.revenue),
      format.number(m.orders),
      amount(m.averageOrderValue),
      m.shareOfRevenue === null ? "—" : format.percent(m.shareOfRevenue),
      predictionsWithheld === null ? amount(m.predictedValue) : "—",
    ];
  });
  return (
    <TableCard
      title={t("segments.money.heading", { days: format.number(periodDays) }) + (audience ? ` · ${audience}` : "")}
      headings={[
        t("segments.money.segment"),
        t("segments.money.customers"),
        t("segments.money.revenue"),
        t("segments.money.orders"),
        t("segments.money.aov"),
        t("segments.money.share"),
        t("segments.money.predicted"),
      ]}
      rows={rows}
      notes={[
        t("segments.money.definition", { days: format.number(periodDays) }),
        predictionsWithheld === null
          ? t("segments.money.predictedDefinition")
          : t(predictionsWithheld === "notFitted" ? "segments.money.predictionsNotFitted" : "segments.money.predictionsWithheld"),
      ]}
    />
  );
}
