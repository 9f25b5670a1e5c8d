// The results page's tables: the two groups, the uplift with its intervals, and the steps.
import { Banner, BlockStack, DataTable } from "@shopify/polaris";
import type { ScenarioDefinition } from "../../domain/scenarios/definition";
import type { Comparison, ScenarioResults } from "../../domain/scenarios/results";
import type { Formatter } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n-context";
import { SectionCard } from "../section-card";

/** "Not enough data yet — about N more entrants needed" until there are, then what can be measured. */
export function SufficiencyBanner({ comparison, format }: { comparison: Comparison; format: Formatter }) {
  const { t } = useI18n();
  const { sufficiency } = comparison;
  if (!sufficiency) return <Banner tone="warning">{t("scenarios.results.noHoldout")}</Banner>;
  const lift = format.percentPoints(sufficiency.upliftToDetect);
  return sufficiency.enough ? (
    <Banner tone="success">{t("scenarios.results.enough", { lift })}</Banner>
  ) : (
    <Banner tone="info">{t("scenarios.results.notEnough", { count: format.number(sufficiency.moreEntrantsNeeded), lift })}</Banner>
  );
}

export function ResultsTables({
  definition,
  results,
  format,
}: {
  definition: ScenarioDefinition;
  results: ScenarioResults;
  format: Formatter;
}) {
  const { t } = useI18n();
  const rate = (value: number | null) => (value === null ? "–" : format.percent(value));
  const money = (value: number | null) => (value === null ? "–" : format.money(value));
  const interval = (low: number, high: number, show: (v: number) => string) =>
    t("scenarios.results.interval", { low: show(low), high: show(high) });
  const points = (value: number) => format.percentPoints(value);
  const signedMoney = (value: number) => (value > 0 ? "+" : "") + format.money(value);
  const { uplift } = results;

  return (
    <BlockStack gap="400">
      <SectionCard title={t("scenarios.results.groups")} gap="200">
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={[
            t("scenarios.results.group"),
            t("scenarios.results.entrants"),
            t("scenarios.results.conversions"),
            t("scenarios.results.conversionRate"),
            t("scenarios.results.revenuePerEntrant"),
            t("scenarios.results.discountCost"),
          ]}
          rows={(["treated", "holdout"] as const).map((group) => {
            const g = results[group];
            return [
              t(`scenarios.results.${group}`),
              format.number(g.entrants),
              format.number(g.conversions),
              rate(g.conversionRate),
              money(g.revenuePerEntrant),
              money(g.discountCost),
            ];
          })}
        />
      </SectionCard>
      {uplift ? (
        <SectionCard title={t("scenarios.results.uplift")} gap="200">
          <DataTable
            columnContentTypes={["text", "numeric", "numeric"]}
            headings={["", t("scenarios.results.estimate"), t("scenarios.results.ci")]}
            rows={[
              [
                t("scenarios.results.conversionUplift"),
                points(uplift.conversionUplift),
                interval(uplift.conversionCi[0], uplift.conversionCi[1], points),
              ],
              [
                t("scenarios.results.revenueUplift"),
                signedMoney(uplift.revenueUplift),
                interval(uplift.revenueCi[0], uplift.revenueCi[1], signedMoney),
              ],
              [
                t("scenarios.results.incrementalRevenue"),
                signedMoney(uplift.incrementalRevenue),
                interval(uplift.incrementalRevenueCi[0], uplift.incrementalRevenueCi[1], signedMoney),
              ],
              [t("scenarios.results.discountCost"), format.money(uplift.discountCost), ""],
            ]}
          />
        </SectionCard>
      ) : null}
      <SectionCard title={t("scenarios.results.steps")} description={t("scenarios.results.steps.description")} gap="200">
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "text"]}
          headings={[
            t("scenarios.results.step"),
            t("scenarios.results.sent"),
            t("scenarios.results.reached"),
            t("scenarios.results.conversionRate"),
            t("scenarios.results.stepUplift"),
            "",
          ]}
          rows={results.steps.map((step) => {
            const definitionStep = definition.steps[step.stepIndex];
            const label = t("scenarios.steps.summary", {
              day: definitionStep.dayOffset,
              content: t(`scenarios.content.${definitionStep.content}`),
            });
            const reached = step.treated.entrants + step.holdout.entrants;
            if (reached === 0) return [label, format.number(step.fired), "–", "–", "–", t("scenarios.results.notDue")];
            return [
              label,
              format.number(step.fired),
              `${format.number(step.treated.entrants)} / ${format.number(step.holdout.entrants)}`,
              `${rate(step.treated.conversionRate)} / ${rate(step.holdout.conversionRate)}`,
              step.uplift
                ? t("scenarios.results.withInterval", {
                    value: points(step.uplift.conversionUplift),
                    interval: interval(step.uplift.conversionCi[0], step.uplift.conversionCi[1], points),
                  })
                : "–",
              step.sufficiency && !step.sufficiency.enough
                ? t("scenarios.results.notEnough.short", { count: format.number(step.sufficiency.moreEntrantsNeeded) })
                : "",
            ];
          })}
        />
      </SectionCard>
    </BlockStack>
  );
}
