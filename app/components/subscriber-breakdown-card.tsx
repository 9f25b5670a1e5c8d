import { Link } from "@remix-run/react";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { SegmentMoney } from "../domain/segment-money";
import { STAGES_IN_JOURNEY_ORDER, type LifecycleStage } from "../domain/types";
import { TableCard } from "./section-card";

/**
 * Per segment, the active subscribers (定期購入者) beside everyone else: how many (each a link to their
 * list), their revenue in the period and their predicted 12-month value (or — when withheld).
 */
export function SubscriberBreakdownCard({
  subscribers,
  others,
  predictionsWithheld,
  periodDays,
  format,
}: {
  subscribers: Record<LifecycleStage, SegmentMoney>;
  others: Record<LifecycleStage, SegmentMoney>;
  predictionsWithheld: string | null;
  periodDays: number;
  format: Formatter;
}) {
  const { t } = useI18n();
  const amount = (value: number | null) => (value === null || predictionsWithheld !== null ? "—" : format.money(Math.round(value)));
  const stageName = (stage: LifecycleStage) => t(`stage.${stage}` as MessageKey);
  const countLink = (stage: LifecycleStage, subscriber: "yes" | "no", count: number) =>
    count === 0 ? (
      format.number(0)
    ) : (
      <Link
        key={`${stage}-${subscriber}`}
        to={`/app/segments/customers?stage=${stage}&subscriber=${subscriber}`}
        aria-label={t("segments.breakdown.viewLabel", {
          count: format.number(count),
          who: t(`segments.subscriber.${subscriber}`),
          stage: stageName(stage),
        })}
      >
        {format.number(count)}
      </Link>
    );
  const rows = STAGES_IN_JOURNEY_ORDER.map((stage) => {
    const mine = subscribers[stage];
    const theirs = others[stage];
    const total = mine.customers + theirs.customers;
    return [
      stageName(stage),
      countLink(stage, "yes", mine.customers),
      total === 0 ? "—" : format.percent(mine.customers / total),
      format.money(Math.round(mine.revenue)),
      amount(mine.predictedValue),
      countLink(stage, "no", theirs.customers),
      format.money(Math.round(theirs.revenue)),
      amount(theirs.predictedValue),
    ];
  });
  return (
    <TableCard
      title={t("segments.breakdown.heading", { days: format.number(periodDays) })}
      headings={[
        t("segments.money.segment"),
        t("segments.breakdown.subscribers"),
        t("segments.breakdown.share"),
        t("segments.breakdown.subscribersRevenue"),
        t("segments.breakdown.subscribersPredicted"),
        t("segments.breakdown.others"),
        t("segments.breakdown.othersRevenue"),
        t("segments.breakdown.othersPredicted"),
      ]}
      rows={rows}
      notes={[t("segments.breakdown.definition", { days: format.number(periodDays) })]}
    />
  );
}
