import { Badge, BlockStack, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { KpiValue, StageSummary } from "../domain/journey/funnel";
import { JourneyKpiLabel } from "./journey-kpi-definition";

function formatKpi(kpi: Pick<KpiValue, "format">, value: number | null, format: Formatter): string {
  if (value === null) return "—";
  switch (kpi.format) {
    case "count":
      return format.number(value);
    case "percent":
      return format.percent(value);
    case "rating":
      return format.number(value, 2);
    case "nps":
      return format.number(value, 0);
  }
}

/** One card per stage with its KPIs, their definitions, previous-period values and targets. */
export function JourneyStageKpis({
  stages,
  format,
  advocacyCollected,
}: {
  stages: StageSummary[];
  format: Formatter;
  advocacyCollected: boolean;
}) {
  const { t } = useI18n();
  return (
    <BlockStack gap="300">
      <Text as="h2" variant="headingMd">
        {t("journey.kpis.heading")}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {t("journey.kpis.previousHint")}
      </Text>
      <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
        {stages.map((s) => (
          <Card key={s.stage}>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                {t(`journey.stage.${s.stage}` as MessageKey)}
              </Text>
              {s.stage === "advocacy" && !advocacyCollected ? (
                <Text as="p" tone="subdued">
                  {t("journey.advocacy.notCollected")}
                </Text>
              ) : (
                s.kpis.map((kpi) => (
                  <InlineStack key={kpi.id} align="space-between" blockAlign="center" gap="200">
                    <Text as="span" variant="bodySm">
                      <JourneyKpiLabel id={kpi.id} />
                    </Text>
                    <InlineStack gap="100" blockAlign="center">
                      <Text as="span" variant="bodyMd" fontWeight="semibold">
                        {formatKpi(kpi, kpi.value, format)}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        ({formatKpi(kpi, kpi.previous, format)})
                      </Text>
                    </InlineStack>
                  </InlineStack>
                ))
              )}
              {s.targetVolume !== null && <Badge tone="info">{t("journey.target.volume", { value: format.number(s.targetVolume) })}</Badge>}
            </BlockStack>
          </Card>
        ))}
      </InlineGrid>
    </BlockStack>
  );
}
