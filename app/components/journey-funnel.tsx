import { BlockStack, Box, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { StageSummary } from "../domain/journey/funnel";
import { JourneyKpiLabel } from "./journey-kpi-definition";
import { STAGE_VOLUME } from "../domain/journey/definitions";

export function trendText(t: ReturnType<typeof useI18n>["t"], format: Formatter, change: number | null, previous: number): string {
  if (change === null) return previous === 0 ? t("journey.trend.new") : "—";
  return change === 0 ? t("journey.trend.unchanged") : format.signedPercent(change);
}

/**
 * The five stages as bars (width ∝ customers, for the eye) beside a table with the same numbers (for
 * screen readers and exact reading): volume, trend, conversion to the next stage and its target.
 */
export function JourneyFunnel({ stages, format, advocacyCollected }: { stages: StageSummary[]; format: Formatter; advocacyCollected: boolean }) {
  const { t } = useI18n();
  const max = Math.max(1, ...stages.map((s) => s.volume));
  const stageName = (stage: string) => t(`journey.stage.${stage}` as MessageKey);
  const rows = stages.map((s, i) => {
    const next = stages[i + 1];
    const notCollected = s.stage === "advocacy" && !advocacyCollected;
    return [
      stageName(s.stage),
      <JourneyKpiLabel key="kpi" id={STAGE_VOLUME[s.stage]} />,
      notCollected ? "—" : format.number(s.volume),
      notCollected ? "—" : trendText(t, format, s.volumeChange, s.previousVolume),
      next
        ? `${s.conversion === null ? t("journey.conversion.none") : format.percent(s.conversion)}${s.conversionChange === null ? "" : ` (${format.percentPoints(s.conversionChange)})`}`
        : "—",
      s.targetConversion === null ? (next ? t("journey.target.none") : "—") : format.percent(s.targetConversion),
    ];
  });
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("journey.funnel.heading")}
        </Text>
        <div aria-hidden="true">
          <BlockStack gap="150">
            {stages.map((s) => (
              <InlineStack key={s.stage} gap="300" blockAlign="center" wrap={false}>
                <Box minWidth="110px">
                  <Text as="span" variant="bodySm">
                    {stageName(s.stage)}
                  </Text>
                </Box>
                <div style={{ flex: 1, background: "var(--p-color-bg-surface-secondary)", borderRadius: 4, height: 20 }}>
                  <div
                    style={{
                      width: `${Math.max(0.5, (s.volume / max) * 100)}%`,
                      height: 20,
                      borderRadius: 4,
                      background: "var(--p-color-bg-fill-info)",
                    }}
                  />
                </div>
                <Box minWidth="70px">
                  <Text as="span" variant="bodySm" alignment="end">
                    {format.number(s.volume)}
                  </Text>
                </Box>
              </InlineStack>
            ))}
          </BlockStack>
        </div>
        <DataTable
          columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
          headings={[
            t("journey.column.stage"),
            "KPI",
            t("journey.column.volume"),
            t("journey.column.trend"),
            t("journey.column.conversion"),
            t("journey.column.target"),
          ]}
          rows={rows}
        />
        <Text as="p" variant="bodySm" tone="subdued">
          {t("journey.funnel.rule")}
        </Text>
      </BlockStack>
    </Card>
  );
}
