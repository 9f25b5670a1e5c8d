import { DataTable, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { HomeSummary } from "../models/home.server";
import { STAGES_IN_JOURNEY_ORDER } from "../domain/types";
import { SectionCard } from "./section-card";

export function SegmentCountsCard({ counts, settings }: Pick<HomeSummary, "counts" | "settings">) {
  const { t, formatNumber } = useI18n();
  const total = STAGES_IN_JOURNEY_ORDER.reduce((sum, stage) => sum + counts[stage], 0);
  const rows = STAGES_IN_JOURNEY_ORDER.map((stage) => [
    t(`stage.${stage}` as MessageKey),
    t(`stage.${stage}.rule` as MessageKey, {
      percent: settings.vipTopPercent,
      days: stage === "churned" ? settings.churnedAfterDays : settings.dormantAfterDays,
    }),
    formatNumber(counts[stage]),
    total === 0 ? "—" : formatNumber(counts[stage] / total, { style: "percent", maximumFractionDigits: 1 }),
  ]);
  return (
    <SectionCard title={t("home.segments.heading")} description={t("home.segments.description", { prefix: settings.tagPrefix })}>
      {total === 0 ? (
        <Text as="p">{t("home.segments.empty")}</Text>
      ) : (
        <>
          <DataTable
            columnContentTypes={["text", "text", "numeric", "numeric"]}
            headings={[t("table.stage"), t("table.rule"), t("table.customers"), t("table.share")]}
            rows={rows}
          />
          <Text as="p" variant="bodySm" tone="subdued">
            {t("home.segments.total", { count: formatNumber(total) })}
          </Text>
        </>
      )}
    </SectionCard>
  );
}
