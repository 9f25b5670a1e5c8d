import { BlockStack, Box, DataTable, InlineStack, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { StageSummary, StepSummary } from "../domain/journey/funnel";
import { JourneyKpiLabel } from "./journey-kpi-definition";
import { SectionCard } from "./section-card";
import { nextStage } from "../domain/journey/stages";
import { STAGE_VOLUME } from "../domain/journey/definitions";

type T = ReturnType<typeof useI18n>["t"];

function trendText(t: T, format: Formatter, change: number | null, previous: number, previousHasData: boolean): string {
  if (!previousHasData) return "—";
  if (change === null) return previous === 0 ? t("journey.trend.new") : "—";
  return change === 0 ? t("journey.trend.unchanged") : format.signedPercent(change);
}

/** "42.1% (234 of 556)", the change against the previous period, then the customers still open. */
function ConversionCell({ step, name, format }: { step: StepSummary; name: string | null; format: Formatter }) {
  const { t } = useI18n();
  return (
    <BlockStack gap="050" inlineAlign="end">
      <Text as="span">
        {step.conversion === null
          ? t("journey.conversion.allOpen")
          : t("journey.conversion.value", {
              rate: format.percent(step.conversion),
              converted: format.number(step.cohort.converted),
              eligible: format.number(step.cohort.eligible),
            })}
        {step.conversionChange === null ? "" : t("journey.conversion.change", { change: format.percentPoints(step.conversionChange) })}
      </Text>
      <Text as="span" variant="bodySm" tone="subdued">
        {name ? `${name} · ` : ""}
        {t("journey.conversion.window", { days: format.number(step.windowDays) })}
        {step.stillOpen > 0 ? ` · ${t("journey.conversion.stillOpen", { count: format.number(step.stillOpen) })}` : ""}
      </Text>
    </BlockStack>
  );
}

function TargetCell({ step, format }: { step: StepSummary; format: Formatter }) {
  const { t } = useI18n();
  if (!step.target) return <Text as="span">{t("journey.target.noBaseline")}</Text>;
  return (
    <BlockStack gap="050" inlineAlign="end">
      <Text as="span">{format.percent(step.target.conversion)}</Text>
      <Text as="span" variant="bodySm" tone="subdued">
        {targetSourceText(t, format, step)}
      </Text>
    </BlockStack>
  );
}

export function targetSourceText(t: T, format: Formatter, step: Pick<StepSummary, "target" | "baseline">): string {
  if (step.target?.source === "merchant" || !step.baseline) return t("journey.target.merchant");
  return t("journey.target.baseline", { months: format.number(Math.round(step.baseline.days / 30.4)) });
}

function moneyAtStakeText(t: T, format: Formatter, step: StepSummary | null): string {
  if (!step || step.moneyAtStake === null) return "—";
  return step.moneyAtStake === 0 ? t("journey.money.none") : format.money(Math.round(step.moneyAtStake));
}

/**
 * The five stages as bars (width ∝ customers, for the eye) beside a table with the same numbers (for
 * screen readers and exact reading): volume, trend, each step's cohort conversion, its target and the
 * money at stake.
 */
export function JourneyFunnel({
  stages,
  format,
  advocacyCollected,
  previousHasData,
}: {
  stages: StageSummary[];
  format: Formatter;
  advocacyCollected: boolean;
  previousHasData: boolean;
}) {
  const { t } = useI18n();
  const max = Math.max(1, ...stages.map((s) => s.volume));
  const stageName = (stage: string) => t(`journey.stage.${stage}` as MessageKey);
  const rows = stages.map((s) => {
    const next = nextStage(s.stage);
    const notCollected = s.stage === "advocacy" && !advocacyCollected;
    const stepUnknown = next === "advocacy" && !advocacyCollected;
    return [
      stageName(s.stage),
      <BlockStack key="volume" gap="050" inlineAlign="end">
        <Text as="span">{notCollected ? "—" : format.number(s.volume)}</Text>
        <Text as="span" variant="bodySm" tone="subdued">
          <JourneyKpiLabel id={s.volumeKpi} />
        </Text>
      </BlockStack>,
      notCollected ? "—" : trendText(t, format, s.volumeChange, s.previousVolume, previousHasData),
      s.step ? (
        <ConversionCell
          key="conversion"
          step={s.step}
          name={
            s.stage === "purchase"
              ? t("journey.step.purchase.name")
              : s.volumeKpi !== STAGE_VOLUME[s.stage]
                ? t("journey.conversion.customersNotSessions")
                : null
          }
          format={format}
        />
      ) : stepUnknown ? (
        t("journey.advocacy.notCollectedShort")
      ) : (
        "—"
      ),
      s.step ? <TargetCell key="target" step={s.step} format={format} /> : "—",
      moneyAtStakeText(t, format, s.step),
    ];
  });
  return (
    <SectionCard title={t("journey.funnel.heading")} gap="400">
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
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={[
          t("journey.column.stage"),
          // with sessions for the first stages (docs/touchpoints.md §7) the column holds two units; each cell names its own
          stages.some((s) => s.volumeKpi !== STAGE_VOLUME[s.stage])
            ? t("journey.column.volumeCustomersOrSessions")
            : t("journey.column.volume"),
          t("journey.column.trend"),
          t("journey.column.conversion"),
          t("journey.column.target"),
          t("journey.column.moneyAtStake"),
        ]}
        rows={rows}
      />
      <BlockStack gap="100">
        <Text as="p" variant="bodySm" tone="subdued">
          {t("journey.funnel.rule")}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("journey.funnel.targetRule")}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("journey.funnel.moneyRule")}
        </Text>
      </BlockStack>
    </SectionCard>
  );
}
