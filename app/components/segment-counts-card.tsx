import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { HomeSummary } from "../models/home.server";

// Display order follows the journey: from not-yet-bought to lost.
const DISPLAY_ORDER = ["prospect", "new", "regular", "vip", "dormant", "churned"] as const;

export function SegmentCountsCard({ counts, settings }: Pick<HomeSummary, "counts" | "settings">) {
  const { t, formatNumber } = useI18n();
  const total = DISPLAY_ORDER.reduce((sum, stage) => sum + counts[stage], 0);
  const rows = DISPLAY_ORDER.map((stage) => [
    t(`stage.${stage}` as MessageKey),
    t(`stage.${stage}.rule` as MessageKey, {
      percent: settings.vipTopPercent,
      days: stage === "churned" ? settings.churnedAfterDays : settings.dormantAfterDays,
    }),
    formatNumber(counts[stage]),
    total === 0 ? "—" : formatNumber(counts[stage] / total, { style: "percent", maximumFractionDigits: 1 }),
  ]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("home.segments.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("home.segments.description", { prefix: settings.tagPrefix })}
        </Text>
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
      </BlockStack>
    </Card>
  );
}
